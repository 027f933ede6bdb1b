// Defect of issue 10, 2.10: no ETA before anything has progressed; fractional (batch) progress.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressSink, formatDuration } from '../../src/cli/progress.ts';

/** A non-TTY stream that keeps what the progress bar writes. */
function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('createProgressSink', () => {
  it('shows no ETA while nothing has progressed (it would be a made-up 0s)', () => {
    const out = capture();
    let nowMs = 0;
    const task = createProgressSink(false, out.stream, () => nowMs).start('lstm walk-forward', 50);
    nowMs = 90_000;
    task.update(0, { fold: '1/5' });
    task.stop();
    expect(out.text()).toMatch(/lstm walk-forward .* 0\/50 fold 1\/5/);
    expect(out.text()).not.toMatch(/ETA/);
  });

  it('once something progressed, the ETA extrapolates the elapsed time; a fractional step counts', () => {
    const out = capture();
    let nowMs = 0;
    const task = createProgressSink(false, out.stream, () => nowMs).start('lstm walk-forward', 10);
    nowMs = 30_000;
    task.update(0.5, { batch: '20/40' }); // half an epoch in 30 s: 9.5 epochs to go
    task.stop();
    expect(out.text()).toMatch(/ 0\/10 batch 20\/40 \| ETA 9m 30s/);
  });

  it('numbers show 4 significant digits, a NaN loss n/a', () => {
    const out = capture();
    const task = createProgressSink(false, out.stream).start('x', 3);
    task.update(1, { epoch: 1, loss: 0.0123456, valLoss: Number.NaN });
    task.stop();
    expect(out.text()).toMatch(/epoch 1 loss 0\.01235 valLoss n\/a/);
  });

  it('quiet prints nothing', () => {
    const out = capture();
    const task = createProgressSink(true, out.stream).start('x', 3);
    task.update(1);
    task.stop();
    expect(out.text()).toBe('');
  });

  it('formatDuration', () => {
    expect(formatDuration(4.4)).toBe('4s');
    expect(formatDuration(245)).toBe('4m 05s');
    expect(formatDuration(3720)).toBe('1h 02m');
  });
});
