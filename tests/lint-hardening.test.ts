/**
 * `lint` against hostile config files (issue 15, points 13 and 15): alias bombs, deep nesting,
 * huge files, files that are not files, bytes that are not UTF-8, and names holding control
 * characters or lone surrogates. Each is refused with exit 2 and a FILE:LINE:COL (or FILE:)
 * message, in-process through `main(["lint", …])`, so nothing here can hang or eat the machine:
 * where the unguarded reader would (the full-size bombs, /dev/zero), a smaller case of the same
 * shape runs first in the same test and fails it before the dangerous one is reached.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { MAX_CONFIG_BYTES, MAX_LABELS, validateConfigText } from "../src/config/index.js";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "waku-pm-lint-hardening-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lint(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const code = await main(["lint", "--config", file], {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    env: {},
    cwd: dir,
    now: () => new Date("2023-11-27T00:00:00Z"),
    exitCode: undefined,
  });
  return { code, ...out };
}

function write(name: string, content: string | Uint8Array): string {
  writeFileSync(join(dir, name), content);
  return name;
}

/** `levels` anchored lists of `width` aliases each, every one pointing at the list before. */
function aliasBomb(levels: number, width: number): string {
  const names = "abcdefghijklmnopqrstuvwxyz";
  const lines = [`${names[0]}: &${names[0]} [${Array(width).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < levels; i++) {
    lines.push(
      `${names[i]}: &${names[i]} [${Array(width)
        .fill(`*${names[i - 1]}`)
        .join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\nlabels: []\n`;
}

const BUG = "  color: d73a4a\n";

describe("alias bombs", () => {
  it("refuses nested aliases at the first alias past the bound, then the 424-byte and 514-byte files of the report", async () => {
    // 4 levels of 9 expand to 7,380 values: quick even without a bound, so this fails, not hangs.
    write("small-bomb.yaml", aliasBomb(4, 9));
    const small = await lint("small-bomb.yaml");
    expect(small.code).toBe(2);
    expect(small.stderr).toContain(
      "small-bomb.yaml:4:8: aliases (*name) inside aliased values are expanded more than 100 times",
    );

    // The report's files: 8 levels of 9 aliases (71 s and 2.4 GB before), and the classic
    // "billion laughs" of 9 levels (did not finish in 60 s). Both refused at the fourth line,
    // the first whose aliases expand aliases more than 100 times.
    const eight = aliasBomb(8, 9);
    const laughs = aliasBomb(9, 9);
    expect(Buffer.byteLength(eight)).toBeLessThan(600);
    for (const [name, text] of [
      ["eight.yaml", eight],
      ["laughs.yaml", laughs],
    ] as const) {
      write(name, text);
      const result = await lint(name);
      expect(result.code, name).toBe(2);
      expect(result.stderr.split("\n")[0]).toBe(
        `${name}:4:8: aliases (*name) inside aliased values are expanded more than 100 times: write the values out instead of nesting aliases (this limit stops "billion laughs" files)`,
      );
    }
  });

  it("still reads a file that reuses values through aliases within the bound", () => {
    const labels = Array.from(
      { length: 300 },
      (_, i) =>
        `  - name: label-${i}\n    color: ${i === 0 ? "&c d73a4a" : "*c"}\n    aliases: ${i === 0 ? "&none []" : "*none"}\n`,
    ).join("");
    const result = validateConfigText(`labels:\n${labels}`, "f.yaml");
    expect(result.errors).toEqual([]);
    expect(result.config?.labels).toHaveLength(300);
    expect(new Set(result.config?.labels.map((l) => l.color))).toEqual(new Set(["d73a4a"]));
  });

  it("bounds the values aliases copy even when few aliases are used", () => {
    // One anchored list of 2,000 names copied six times: the fifth copy passes 10,000 values.
    const big = `[${Array.from({ length: 2000 }, (_, i) => `n${i}`).join(", ")}]`;
    const text = `x: &big ${big}\ny: [*big, *big, *big, *big, *big, *big]\nlabels: []\n`;
    const result = validateConfigText(text, "f.yaml");
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      expect.stringMatching(/^2:29 aliases \(\*name\) copy more than 10,000 values in all/),
    ]);
  });

  it("refuses an alias inside the value it names, instead of expanding it for ever", () => {
    const result = validateConfigText("x: &loop [a, *loop]\nlabels: []\n", "f.yaml");
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      "1:14 alias *loop is inside the value it refers to, so it never ends; remove it",
    ]);
  });
});

describe("deep nesting", () => {
  it("2,000 levels of brackets or list items, 1,000 of mappings, are a problem where it gets too deep", async () => {
    const cases = {
      "brackets.yaml": `labels: ${"[".repeat(2000)}${"]".repeat(2000)}\n`,
      "items.yaml": `${"- ".repeat(2000)}x\n`,
      // Block mappings indent one more space a level: 2,000 levels would pass the size bound.
      "maps.yaml": `labels:\n${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`).join("\n")} v\n`,
    };
    const seen: string[] = [];
    for (const [name, text] of Object.entries(cases)) {
      write(name, text);
      const result = await lint(name);
      expect(result.code, name).toBe(2);
      seen.push(result.stderr.split("\n")[0]!);
    }
    const message =
      "the YAML nests more than 32 levels deep here (a label file needs about 8); check the brackets and the indentation";
    expect(seen).toEqual([
      `brackets.yaml:1:39: ${message}`,
      `items.yaml:1:63: ${message}`,
      `maps.yaml:32:32: ${message}`,
    ]);
  });

  it("aliases cannot build nesting deeper than the text has", () => {
    // Each level wraps the one before in 30 brackets: 3 aliases nest values 90 deep.
    const wrap = (inner: string) => `${"[".repeat(30)}${inner}${"]".repeat(30)}`;
    const text = `a: &a ${wrap("x")}\nb: &b ${wrap("*a")}\nc: &c ${wrap("*b")}\nlabels: []\n`;
    const result = validateConfigText(text, "f.yaml");
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(
      /^aliases \(\*name\) nest the values here more than 32 levels deep/,
    );
  });
});

describe("the file itself", () => {
  it(`refuses a file larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB, at FILE:1:1`, async () => {
    const label = "- name: bug\n  color: d73a4a\n";
    write("big.yaml", label + `# ${"x".repeat(78)}\n`.repeat(Math.ceil(MAX_CONFIG_BYTES / 80)));
    const result = await lint("big.yaml");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "big.yaml:1:1: the file is larger than 1 MiB, which no label file needs (waku-org/pm's 59 labels take 5 KB); is it the right file?",
    );
    // Exactly at the bound is read as usual.
    write("fits.yaml", `${label}${"#".repeat(MAX_CONFIG_BYTES - label.length - 1)}\n`);
    expect((await lint("fits.yaml")).code).toBe(0);
  });

  it(`refuses more than ${MAX_LABELS.toLocaleString("en-US")} labels, at the list`, async () => {
    const labels = (n: number) =>
      Array.from({ length: n }, (_, i) => `  - name: l${i}\n    color: d73a4a\n`).join("");
    write("many.yaml", `org: waku-org\nlabels:\n${labels(MAX_LABELS + 1)}`);
    const result = await lint("many.yaml");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      "many.yaml:3:3: labels has 1,001 labels; waku-pm reads at most 1,000 (GitHub paces label writes at about 500 an hour): split the file or remove labels",
    );
    const list = validateConfigText(`- name: a\n${BUG}`.repeat(MAX_LABELS + 1), "list.yaml");
    expect(list.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toContain(
      "1:1 the file has 1,001 labels; waku-pm reads at most 1,000 (GitHub paces label writes at about 500 an hour): split the file or remove labels",
    );
    write("enough.yaml", `labels:\n${labels(MAX_LABELS)}`);
    expect((await lint("enough.yaml")).code).toBe(0);
    // Too many labels is one problem among the others, all reported at once.
    const both = validateConfigText(
      `labels:\n${labels(MAX_LABELS + 1).replace("color: d73a4a", "color: red")}`,
      "both.yaml",
    );
    expect(both.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      "2:3 labels has 1,001 labels; waku-pm reads at most 1,000 (GitHub paces label writes at about 500 an hour): split the file or remove labels",
      '3:12 label "l0": color "red" is not 6 hex digits (write e.g. d73a4a or "#d73a4a")',
    ]);
  });

  it("refuses a device, a directory or a symlink to /dev/zero, naming what it is", async () => {
    // /dev/null first: read blindly it is an empty file, so this fails quickly without the check.
    const devNull = await lint("/dev/null");
    expect(devNull.code).toBe(2);
    expect(devNull.stderr).toBe(
      "waku-pm: /dev/null: is a character device, not a regular file; waku-pm reads its config only from a regular file\n  Pass a YAML file with --config FILE.\n",
    );
    mkdirSync(join(dir, "conf.yaml"));
    const directory = await lint("conf.yaml");
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain("conf.yaml: is a directory, not a regular file");
    symlinkSync("/dev/zero", join(dir, "labels.yaml"));
    const zero = await lint("labels.yaml");
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain("labels.yaml: is a character device, not a regular file");
  });

  describe.skipIf(process.platform === "win32")("a named pipe", () => {
    let writer: ChildProcess | undefined;
    afterEach(() => {
      writer?.kill();
      writer = undefined;
    });

    it("is refused at once instead of waiting for a writer", async () => {
      const fifo = join(dir, "pipe.yaml");
      execFileSync("mkfifo", [fifo]);
      // A writer that gives up after 300 ms: a reader that blocks on the pipe gets an empty file
      // then (and this test fails) rather than hanging the suite.
      writer = spawn(process.execPath, [
        "-e",
        `const fs = require("node:fs"); const fd = fs.openSync(${JSON.stringify(fifo)}, "w"); setTimeout(() => fs.closeSync(fd), 300);`,
      ]);
      const result = await lint("pipe.yaml");
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("pipe.yaml: is a named pipe (FIFO), not a regular file");
    });
  });
});

describe("bytes and characters", () => {
  it("bytes that are not UTF-8 are a problem at their line and column", async () => {
    const bytes = (...parts: (string | number[])[]) =>
      Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));
    write("latin1.yaml", bytes(`- name: bug\n${BUG}- name: "E:caf`, [0xe9], `"\n${BUG}`));
    const latin1 = await lint("latin1.yaml");
    expect(latin1.code).toBe(2);
    expect(latin1.stderr.split("\n")[0]).toBe(
      "latin1.yaml:3:15: the file is not valid UTF-8 (byte 0xE9 here); save it as UTF-8 and retype the character",
    );
    // Columns count characters before the bad byte; an encoded surrogate (ED A0 80) is not UTF-8.
    write("surrogate.yaml", bytes("- name: é ", [0xed, 0xa0, 0x80], `\n${BUG}`));
    expect((await lint("surrogate.yaml")).stderr.split("\n")[0]).toMatch(
      /^surrogate\.yaml:1:11: the file is not valid UTF-8 \(byte 0xED here\)/,
    );
    write("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("- name: a\n", "utf16le")]));
    expect((await lint("utf16.yaml")).stderr.split("\n")[0]).toBe(
      "utf16.yaml:1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8",
    );
  });

  it("a name with NUL is refused, so sync never shows `bug` while creating `bu\\0g`", async () => {
    write("labels.yaml", `- name: bug\n${BUG}- name: "bu\\0g"\n${BUG}`);
    const result = await lint("labels.yaml");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      'labels.yaml:3:9: label "bu\\u0000g": name contains the control character U+0000 (NUL) at character 3, which GitHub would store but no one can see or type; remove it',
    );
  });

  it("control characters, bidirectional overrides and lone surrogates in names, aliases and descriptions", () => {
    const text = [
      `- name: "\\e[31mred"`, // 1: ESC from a YAML escape
      BUG.trimEnd(),
      `- name: "tab\\there"`, // 3
      BUG.trimEnd(),
      "- name: raw\u0001byte", // 5: a raw control byte in the file
      BUG.trimEnd(),
      `- name: "next\\Nline"`, // 7: \N is U+0085, a C1 control
      BUG.trimEnd(),
      `- name: "abc\\u202Edef"`, // 9: right-to-left override
      BUG.trimEnd(),
      `- name: ok`, // 11
      BUG.trimEnd(),
      `  aliases: [old, "half\\ud800"]`, // 13: a lone surrogate
      `  description: "two\\nlines"`, // 14
    ].join("\n");
    const result = validateConfigText(`${text}\n`, "f.yaml");
    expect(result.config).toBeUndefined();
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message.replace(/, which .*$/, "")}`)).toEqual(
      [
        '1:9 label "\\u001b[31mred": name contains the control character U+001B (ESC) at character 1',
        '3:9 label "tab\\there": name contains the control character U+0009 (tab) at character 4',
        '5:9 label "raw\\u0001byte": name contains the control character U+0001 at character 4',
        '7:9 label "next\\u0085line": name contains the control character U+0085 at character 5',
        '9:9 label "abc\\u202edef": name contains the bidirectional control U+202E at character 4',
        '13:18 label "ok": aliases[1] contains a lone surrogate (\\ud800) at character 5',
        '14:16 label "ok": description contains the control character U+000A (line feed) at character 4',
      ],
    );
  });

  it("letters of any script, accents and emoji with a word still pass", () => {
    const names = ["E:Ünïcödé", "漢字 ラベル", "تسمية", "🚀 launch", "E:👩‍💻 dev"];
    const text = names.map((n) => `- name: "${n}"\n${BUG}`).join("");
    const result = validateConfigText(text, "f.yaml");
    expect(result.errors).toEqual([]);
    expect(result.config?.labels.map((l) => l.name)).toEqual(names);
  });
});
