// Progress for long CLI tasks: a redrawn bar on a terminal, a line every tenth otherwise (CI logs).
export function progressReporter(title: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  return ({ done, total, label }: { done: number; total: number; label: string }) => {
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${"#".repeat(filled)}${" ".repeat(width - filled)}`;
    if (stream.isTTY) {
      stream.write(`\r${title} [${bar}] ${done}/${total} ${label.slice(0, 40).padEnd(40)}`);
      if (done === total) stream.write("\n");
      return;
    }
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      stream.write(`${title}: ${done}/${total}\n`);
    }
  };
}
