// An endpoint's delivery controls as a create or a patch gives them (api/schemas.ts), checked past
// their schema: the filter's operators and paths, header names and values, the OAuth token URL
// under the private-address policy, the client certificate and its key, the transformation's
// source. Every problem is named at once (400), each with where.
import type { Static } from '@sinclair/typebox';
import { filterControlProblems, headerProblems, tlsProblems, type ControlProblem } from '../domain/endpoint-controls';
import type { EventFilter } from '../domain/event-filter';
import type { ControlsInput, ControlsView } from '../db/endpoint-controls';
import type { HostLookup } from '../activities/channels/safe-lookup';
import type { UpdateEndpointBody } from './schemas';
import { assertAllowedTarget } from './target-check';
import { HttpError, invalidBody } from './errors';

type Given = Pick<Static<typeof UpdateEndpointBody>, 'url' | 'filter' | 'rateLimit' | 'transformation' | 'headers' | 'auth' | 'tls'>;

export interface ControlChecks {
  allowPrivateTargets: boolean;
  lookup?: HostLookup;
  /** The transformation's source compiles (in the sandbox): undefined, or what is wrong. */
  checkTransformation: (source: string) => Promise<string | undefined>;
}

/**
 * The controls to store. `stored` is the endpoint before a patch: when the patch moves it to
 * another URL, header values and the OAuth client must be given again (stored secrets are never
 * sent to a new destination, as for channels).
 */
export async function controlsInput(body: Given, checks: ControlChecks, stored?: { url: string; controls: ControlsView }): Promise<ControlsInput> {
  const problems: ControlProblem[] = [];
  if (body.filter) problems.push(...filterControlProblems(body.filter));
  if (body.headers) problems.push(...headerProblems(body.headers, Boolean(body.auth ?? (body.auth === undefined && stored?.controls.auth))));
  if (body.auth) {
    const { tokenUrl } = body.auth;
    try {
      await assertAllowedTarget(tokenUrl, checks.allowPrivateTargets, checks.lookup, '/auth/tokenUrl');
      // The client secret goes there in the clear otherwise; tests and local receivers run with private targets allowed.
      if (!checks.allowPrivateTargets && new URL(tokenUrl).protocol !== 'https:') problems.push({ path: '/auth/tokenUrl', message: 'must be https: the client secret is sent to it' });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      problems.push(...err.details.map((d) => ({ path: d.path ?? '/auth/tokenUrl', message: d.message })));
    }
  }
  let tls: ControlsInput['tls'];
  if (body.tls) {
    const checked = tlsProblems(body.tls);
    problems.push(...checked.problems);
    if (checked.info) tls = { ...body.tls, info: checked.info };
  }
  if (body.transformation) {
    const wrong = await checks.checkTransformation(body.transformation);
    if (wrong) problems.push({ path: '/transformation', message: wrong });
  }
  if (stored && body.url !== undefined && body.url !== stored.url) {
    const moved = 'the URL changes, and stored secrets are never sent to a new destination';
    if (stored.controls.headerNames && body.headers === undefined) problems.push({ path: '/headers', message: `is required again (or null): ${moved}` });
    if (stored.controls.auth && body.auth === undefined) problems.push({ path: '/auth', message: `is required again (or null): ${moved}` });
  }
  if (problems.length > 0) throw invalidBody('invalid_endpoint', problems);
  return {
    ...(body.filter !== undefined && { filter: body.filter as EventFilter | null }),
    ...(body.rateLimit !== undefined && { rateLimit: body.rateLimit }),
    ...(body.transformation !== undefined && { transformation: body.transformation }),
    ...(body.headers !== undefined && { headers: body.headers }),
    ...(body.auth !== undefined && { auth: body.auth }),
    ...(body.tls !== undefined && { tls: body.tls === null ? null : tls }),
  };
}
