// Replays the saved histories in ./histories, recorded from real runs by
// scripts/record-workflow-histories.ts, on the workflow code as it is now (the bundle jest's global
// setup builds from workflows/). A change to the commands a workflow issues that is not gated with
// patched() fails here, before it can fail a running workflow (workflows/README.md).
// https://docs.temporal.io/develop/typescript/testing-suite#replay
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as workflows from '../../workflows';
import { testEnv } from '../support/herald';
import { createEncryptionCodec, parsePayloadKeys } from '../../runtime/payload-encryption';

interface SavedHistory {
  file: string;
  json: { events: Record<string, any>[] };
}

const dir = path.join(__dirname, 'histories');
// Subfolders hold the histories recorded after later changes (workflows/README.md).
const saved: SavedHistory[] = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, json: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }));

const workflowTypeOf = (h: SavedHistory): string | undefined =>
  h.json.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

/**
 * What `historyFromJSON` (@temporalio/common/lib/proto-utils) does, with the protobufjs copy that
 * @temporalio/proto was built with. This install has protobufjs 8 twice, nested under
 * @temporalio/common and under @temporalio/proto (the hoisted one is @grpc/proto-loader's 7), so
 * the SDK's own helper fails its `instanceof Type` check ("type must be a Type"). Once one copy is
 * hoisted (protobufjs ^8 as a direct dependency), `historyFromJSON` can be used as it is.
 */
function historyFromJSON(json: unknown): History {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fromJson } = require(require.resolve('protobufjs/ext/protojson', { paths: [require.resolve('@temporalio/proto')] }));
  return fromJson(temporal.api.history.v1.History, json, { ignoreUnknownFields: true });
}

// Histories recorded with a payload key (HERALD_PAYLOAD_KEY) hold encrypted payloads: their
// folder keeps that test key, and the replayer decodes with all of them (plain payloads pass).
const payloadKeys = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('payload-key.txt'))
  .map((f) => readFileSync(path.join(dir, f), 'utf8').trim());
const payloadCodec = createEncryptionCodec(payloadKeys.length > 0 ? parsePayloadKeys(payloadKeys[0], payloadKeys.slice(1)) : undefined);

/** Each history's result, named by its file (the replayer takes it as the workflow id). */
async function replay(histories: SavedHistory[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const input = histories.map((h) => ({ workflowId: h.file, history: historyFromJSON(h.json) }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: testEnv().bundlePath }, dataConverter: { payloadCodecs: [payloadCodec] } }, input)) {
    results.push(result);
  }
  return results.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
}

it('has a saved history for every workflow type the worker runs', () => {
  const types = Object.entries(workflows)
    .filter(([, value]) => typeof value === 'function')
    .map(([name]) => name);
  expect(types).toEqual(expect.arrayContaining(['eventWorkflow', 'userWorkflow']));
  const covered = new Set(saved.map(workflowTypeOf));
  expect(types.filter((t) => !covered.has(t))).toEqual([]);
});

it('replays every saved history on the current workflow code', async () => {
  const results = await replay(saved);
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(saved.map((h) => [h.file, undefined]));
});

it('replays histories whose payloads are encrypted, decoding with the key saved beside them', async () => {
  // "binary/encrypted", as a history's JSON holds it (base64).
  const encrypted = saved.filter((h) => JSON.stringify(h.json).includes(Buffer.from('binary/encrypted').toString('base64')));
  expect(encrypted.length).toBeGreaterThanOrEqual(10);
  const results = await replay(encrypted);
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(encrypted.map((h) => [h.file, undefined]));
});

// The same check must fail when the code no longer issues what a history recorded: edited copies
// of saved histories stand for such code changes.
const changes: [string, string, (attributes: any) => void][] = [
  [
    'a local activity renamed',
    'markerRecordedEventAttributes',
    (marker) => {
      // The marker's data is the JSON Temporal's core records for each local activity.
      const payload = marker.details.data.payloads[0];
      const data = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
      payload.data = Buffer.from(JSON.stringify({ ...data, activity_type: 'renamedActivity' })).toString('base64');
    },
  ],
  [
    'a child workflow of another type',
    'startChildWorkflowExecutionInitiatedEventAttributes',
    (start) => {
      start.workflowType.name = 'renamedWorkflow';
    },
  ],
];

it.each(changes)('fails a history the code no longer matches: %s', async (_change, key, edit) => {
  const original = saved.find((h) => h.json.events.some((e) => e[key]));
  if (!original) throw new Error(`no saved history has a ${key} event`);
  const json = structuredClone(original.json);
  edit(json.events.find((e) => e[key])![key]);
  const [result] = await replay([{ file: `changed-${original.file}`, json }]);
  expect(result.error).toBeInstanceOf(DeterminismViolationError);
});
