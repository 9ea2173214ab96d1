/**
 * Hand the thread back to the event loop for one turn: a message-channel task, which, unlike
 * `setTimeout(0)`, is not clamped to 4 ms once nested, and waits its turn behind the tasks already
 * queued (timers, network, messages from workers or from the page, the test driver). Not
 * `scheduler.yield()`: its continuation goes ahead of those tasks, so a long run of slices starved
 * them (the memorisation widget's closed-form run held every other task of the page until it ended,
 * 13 s, in the reader-walkthrough test). Used on the page (widgets/shared/task-chain.ts) and in
 * engines that compute in slices so that their commands get in (solver-lab/closed-form-runner.ts).
 */
export function yieldToEvents(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
