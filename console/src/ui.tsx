// Small pieces every tab uses. Everything from an event or a receiver is rendered as text (JSX
// escapes it); nothing is ever set as HTML.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export function Field(props: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span class="label">{props.label}</span>
      {props.children}
      {props.hint && <span class="hint">{props.hint}</span>}
    </label>
  );
}

const TONES: Record<string, string> = {
  delivered: 'ok', completed: 'ok', enabled: 'ok', active: 'ok', ok: 'ok',
  completed_with_failures: 'warn', retrying: 'warn', sending: 'warn', queued: 'warn', pending: 'warn', accepted: 'warn', skipped: 'warn', held: 'warn', cancelled: 'warn', expiring: 'warn',
  failed: 'bad', disabled: 'bad', expired: 'bad', failing: 'bad',
};
export const Badge = ({ status }: { status: string }) => <span class={`badge ${TONES[status] ?? ''}`}>{status}</span>;

export const when = (iso?: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/** Loads with `load`, again when `deps` change; shows the error a call gave, in words. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: string; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data }),
      (err: Error) => live && setState({ error: err.message }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** Runs an action, saying what it did or why it failed. */
export function useAction(): [(run: () => Promise<string | void>) => Promise<void>, { text: string; kind: 'ok' | 'bad' } | undefined] {
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'bad' }>();
  const act = async (run: () => Promise<string | void>) => {
    setMessage(undefined);
    try {
      const done = await run();
      if (done) setMessage({ text: done, kind: 'ok' });
    } catch (err) {
      setMessage({ text: (err as Error).message, kind: 'bad' });
    }
  };
  return [act, message];
}

export const Message = ({ message }: { message?: { text: string; kind: string } }) =>
  message ? <p class={`message ${message.kind}`} role={message.kind === 'bad' ? 'alert' : 'status'}>{message.text}</p> : null;

export function Copy({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button type="button" class="small" onClick={() => navigator.clipboard?.writeText(text).then(() => setDone(true), () => undefined)}>
      {done ? 'Copied' : label}
    </button>
  );
}
