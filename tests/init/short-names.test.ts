import { describe, expect, it } from "vitest";
import { shortNames } from "../../src/init/short-names.js";

describe("shortNames", () => {
  it("derives short, typeable names from the demo organisation's milestone titles", () => {
    const titles = [
      "Waku Network Gen 0",
      "Support Many Platforms",
      "Quality Assurance processes are in place",
      "Waku Network can Support 1 Million Users",
    ];
    expect(
      shortNames(
        titles.map((title, i) => ({ number: i + 1, title })),
        "waku-org",
      ),
    ).toEqual([
      "network-gen0",
      "support-many-platforms",
      "quality-assurance-processes",
      "network-support-1million",
    ]);
  });

  it("keeps names unique and gives a title without words a name by its number", () => {
    const found = shortNames(
      [
        { number: 1, title: "Q1 2024: Launch" },
        { number: 2, title: "q1 2024 — launch!" },
        { number: 7, title: "🚀🚀" },
        { number: 8, title: "1 2" },
      ],
      "acme",
    );
    expect(found).toEqual(["q1-2024launch", "q1-2024launch-2", "milestone-7", "12"]);
  });
});
