/**
 * Calls `go` on the next line typed; `closed` if stdin ends first (no terminal). Returns
 * how to stop waiting (the plot ended some other way).
 */
export function waitForEnter(go: () => void, closed: () => void): () => void {
  const done = () => {
    process.stdin.off('data', onData);
    process.stdin.off('end', onEnd);
    process.stdin.pause();
  };
  const onData = () => {
    done();
    go();
  };
  const onEnd = () => {
    done();
    closed();
  };
  process.stdin.once('data', onData);
  process.stdin.once('end', onEnd);
  process.stdin.resume();
  return done;
}
