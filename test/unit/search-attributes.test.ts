// Where the namespace does not let Herald manage search attributes (Temporal Cloud answers the
// operator API with PERMISSION_DENIED), Herald starts if they exist or cannot be checked, and
// otherwise stops with what to create. The dev server's own answers are tested end to end.
import { registerSearchAttributes } from '../../worker/search-attributes';

const denied = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), { code: 7 });

function namespace(answers: { list: () => Promise<{ customAttributes?: Record<string, unknown> }>; add?: () => Promise<unknown> }) {
  const added: unknown[] = [];
  return {
    added,
    connection: {
      operatorService: {
        listSearchAttributes: answers.list,
        addSearchAttributes: async (request: unknown) => {
          added.push(request);
          return answers.add?.();
        },
      },
    } as never,
  };
}

it('starts without adding anything where both attributes exist, even if adding would be refused', async () => {
  const ns = namespace({ list: async () => ({ customAttributes: { HeraldAppId: 2, HeraldEventType: 2 } }), add: async () => Promise.reject(denied) });
  await expect(registerSearchAttributes(ns.connection, 'herald.acct')).resolves.toBeUndefined();
  expect(ns.added).toEqual([]);
});

it('starts, and says what must exist, where listing them is refused', async () => {
  const warnings: string[] = [];
  const ns = namespace({ list: async () => Promise.reject(denied) });
  await registerSearchAttributes(ns.connection, 'herald.acct', { warn: (_o: unknown, message: string) => warnings.push(message) } as never);
  expect(warnings).toEqual([expect.stringContaining('tcld namespace search-attributes add --namespace herald.acct --search-attribute "HeraldAppId=Keyword" --search-attribute "HeraldEventType=Keyword"')]);
});

it('stops with what to create where one is missing and adding it is refused', async () => {
  const ns = namespace({ list: async () => ({ customAttributes: { HeraldAppId: 2 } }), add: async () => Promise.reject(denied) });
  await expect(registerSearchAttributes(ns.connection, 'herald.acct')).rejects.toThrow(/needs the Keyword search attributes HeraldEventType in namespace herald\.acct\. Create them .*refused: 7 PERMISSION_DENIED/);
});
