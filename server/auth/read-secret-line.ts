/**
 * One line from `input` without echoing it: on a terminal the keys are read raw (Enter
 * ends, Backspace deletes, Ctrl-C/Ctrl-D abort); from a pipe, the first line. For CLIs
 * asking for a password, so it never lands in shell history or on screen.
 */
export function readSecretLine(
  prompt: string,
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let line = '';
    const tty = input.isTTY === true;
    if (tty) {
      output.write(prompt);
      input.setRawMode(true);
    }
    input.setEncoding('utf8');
    const finish = (error?: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (tty) {
        input.setRawMode(false);
        output.write('\n');
      }
      input.pause();
      if (error) reject(error);
      else resolve(line);
    };
    const onEnd = () => finish();
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (tty && (char === '\u0003' || char === '\u0004')) return finish(new Error('aborted'));
        if (tty && (char === '\u007f' || char === '\b')) line = [...line].slice(0, -1).join('');
        else line += char;
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
