/**
 * What "valid markdown on its own" means for a part of a split report, checked line by line: its
 * code fences balanced, every table opening with a header and a rule row and every row with the
 * header's number of cells, no part ending on a heading, no part opening inside a list item.
 */

/** Cells of a table row: unescaped `|` separate them. */
function cells(row: string): number {
  return row.replace(/\\\|/g, "").split("|").length - 2;
}

/** The problems of one part, empty when it stands on its own. */
export function markdownProblems(part: string): string[] {
  const problems: string[] = [];
  const lines = part.replace(/\n$/, "").split("\n");
  let fences = 0;
  for (const line of lines) if (/^ {0,3}(```|~~~)/.test(line)) fences++;
  if (fences % 2 !== 0) problems.push("unbalanced code fence");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith("|") || lines[i - 1]?.startsWith("|")) continue;
    const rule = lines[i + 1] ?? "";
    if (!/^\|(?: *:?-{3,}:? *\|)+$/.test(rule)) problems.push(`table at line ${i + 1} has no rule row`);
    const width = cells(line);
    for (let j = i + 1; j < lines.length && lines[j]?.startsWith("|"); j++) {
      if (cells(lines[j] as string) !== width)
        problems.push(`table row at line ${j + 1} has the wrong cell count`);
    }
  }
  const last = lines.filter((l) => l.trim() !== "").at(-1) ?? "";
  if (/^#{1,6} /.test(last)) problems.push(`ends on a heading: ${last}`);
  const firstBody = lines.find((l, i) => i > 1 && l.trim() !== "" && !l.startsWith("#")) ?? "";
  if (/^\s+\S/.test(firstBody)) problems.push(`opens inside a list item: ${firstBody}`);
  return problems;
}
