/**
 * theorem2-check draws its charts in a worker (plots-worker.ts) with Observable Plot in a DOM
 * without a page, and the page sets their markup (plots-client.ts). Checked here: the worker's
 * markup (three labelled charts, the θ axis the pointer reads, crisp 1-px lines on a screen of
 * ratio 1), and the client's flow (one request in flight, only the newest kept, failures once).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { pathWithWidth, sampleTargets2D } from '../../../src/lib/core/index.ts';
import { lossMoments, sampleLossTerms } from '../../../src/widgets/theorem2-check/losses.ts';
import { ChartsClient, type ChartsData } from '../../../src/widgets/theorem2-check/plots-client.ts';
import type { ChartsReply, ChartsRequest } from '../../../src/widgets/theorem2-check/plots-protocol.ts';
import { FakeWorker } from '../helpers/fake-worker.ts';

const moments = lossMoments(sampleLossTerms(pathWithWidth('ot', 0.1), 'scaled', sampleTargets2D('8gaussians', 16, 1), 16, 2, 500, 7));
const palette = {
  fg: '#111111',
  bg: '#ffffff',
  muted: '#666666',
  grid: '#dddddd',
  accent: '#0072b2',
  source: '#0072b2',
  target: '#e69f00',
  model: '#00795a',
  path: '#a64d8a',
  field: '#999999',
};
const data = (theta: number): ChartsData => ({ moments, theta, width: 640, thetaRange: [-1, 3], z: 1.96, palette, dpr: 1 });

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
  delete (globalThis as { window?: unknown }).window;
});

/** The worker module, loaded with a stand-in `self`: what it posts, and its message handler. */
async function loadWorker() {
  const posted: ChartsReply[] = [];
  const scope: { onmessage?: (e: { data: ChartsRequest }) => Promise<void>; postMessage: (r: ChartsReply) => void } = {
    postMessage: (r) => posted.push(r),
  };
  vi.stubGlobal('self', scope);
  await import('../../../src/widgets/theorem2-check/plots-worker.ts');
  return { posted, scope };
}

describe('the charts worker', () => {
  it('posts three labelled charts; the loss chart carries its θ axis; 1-px lines sit on half pixels at ratio 1', async () => {
    const { posted, scope } = await loadWorker();
    await scope.onmessage!({ data: { ...data(0.6), id: 7 } });
    expect(posted).toHaveLength(1);
    const reply = posted[0];
    if ('error' in reply) throw new Error(reply.error);
    expect(reply.id).toBe(7);
    expect(reply.html).toHaveLength(3);
    const { document } = parseHTML(`<!doctype html><html><body><div id="box">${reply.html.join('')}</div></body></html>`);
    const box = document.getElementById('box')!;
    const axis = box.querySelectorAll('svg[data-theta-axis]');
    expect(axis).toHaveLength(1);
    const [x0, x1] = axis[0].getAttribute('data-theta-axis')!.split(' ').map(Number);
    expect(x0).toBe(50); // marginLeft
    expect(x1).toBe(640 - 20); // width − marginRight
    // Every chart is one image with its own name, and the names quote the numbers.
    const names = Array.from(box.querySelectorAll('svg[role=img]')).map((s) => s.getAttribute('aria-label'));
    expect(names.some((n) => /minimisers \d\.\d{3} and \d\.\d{3}/.test(n ?? ''))).toBe(true);
    expect(names.some((n) => /constant C is/.test(n ?? ''))).toBe(true);
    expect(names.some((n) => /Gradients at θ = 0\.60/.test(n ?? ''))).toBe(true);
    // The grid lines: Plot offsets them by half a pixel when the page's ratio is 1 (as on the page).
    expect(reply.html[0]).toContain('translate(0,0.5)');
    // The theme's colours, not Plot's defaults.
    expect(reply.html[0]).toContain(palette.model);
    expect(reply.html[0]).toContain(palette.path);
  });

  it('answers a request it cannot draw with the reason, for that request', async () => {
    const { posted, scope } = await loadWorker();
    await scope.onmessage!({ data: { ...data(0.6), id: 3, moments: null as never } });
    expect(posted).toHaveLength(1);
    expect(posted[0].id).toBe(3);
    expect('error' in posted[0] && posted[0].error.length > 0).toBe(true);
  });
});

function client() {
  const worker = new FakeWorker<ChartsRequest, ChartsReply>();
  const drawn: string[][] = [];
  const failures: string[] = [];
  let created = 0;
  const c = new ChartsClient({
    createWorker: () => {
      created++;
      return worker as unknown as Worker;
    },
    onCharts: (html) => drawn.push(html),
    onFail: (why) => failures.push(why),
  });
  return { c, worker, drawn, failures, created: () => created };
}

describe('the charts client', () => {
  it('keeps one request in flight and, while it is drawn, only the newest of those that arrive', () => {
    const { c, worker, drawn, created } = client();
    expect(created()).toBe(0); // no worker before the first request
    c.request(data(0.1));
    c.request(data(0.2));
    c.request(data(0.3));
    expect(created()).toBe(1);
    expect(worker.posted.map((r) => r.theta)).toEqual([0.1]);
    worker.emit({ id: worker.posted[0].id, html: ['a'] });
    expect(drawn).toEqual([['a']]); // shown although a newer one waits
    expect(worker.posted.map((r) => r.theta)).toEqual([0.1, 0.3]); // 0.2 was superseded before it was sent
    worker.emit({ id: worker.posted[1].id, html: ['b'] });
    expect(drawn).toEqual([['a'], ['b']]);
    expect(worker.posted).toHaveLength(2);
  });

  it('ignores a reply that is not to the request in flight', () => {
    const { c, worker, drawn } = client();
    c.request(data(0.1));
    worker.emit({ id: worker.posted[0].id + 1, html: ['stale'] });
    expect(drawn).toEqual([]);
    worker.emit({ id: worker.posted[0].id, html: ['ok'] });
    expect(drawn).toEqual([['ok']]);
  });

  it('reports a drawing error once, stops the worker and refuses later requests', () => {
    const { c, worker, drawn, failures } = client();
    c.request(data(0.1));
    c.request(data(0.2));
    worker.emit({ id: worker.posted[0].id, error: 'boom' });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('boom');
    expect(worker.terminated).toBe(true);
    expect(c.request(data(0.4))).toBe(false);
    expect(worker.posted).toHaveLength(1);
    expect(drawn).toEqual([]);
  });

  it('reports a worker that stops, and one that cannot be created', () => {
    const a = client();
    a.c.request(data(0.1));
    a.worker.onerror?.({ message: 'script error', preventDefault() {} } as ErrorEvent);
    expect(a.failures).toHaveLength(1);
    expect(a.c.request(data(0.2))).toBe(false);

    const failures: string[] = [];
    const b = new ChartsClient({
      createWorker: () => {
        throw new Error('no workers here');
      },
      onCharts: () => {},
      onFail: (why) => failures.push(why),
    });
    expect(b.request(data(0.1))).toBe(false);
    expect(failures).toEqual([expect.stringContaining('no workers here')]);
  });

  it('after dispose sends nothing and draws nothing', () => {
    const { c, worker, drawn } = client();
    c.request(data(0.1));
    c.dispose();
    expect(worker.terminated).toBe(true);
    worker.emit({ id: worker.posted[0].id, html: ['late'] });
    expect(drawn).toEqual([]);
    expect(c.request(data(0.2))).toBe(false);
  });
});
