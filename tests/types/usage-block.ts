// A block builder's typed use of @salebot/sipout, compiled with `tsc --strict --noEmit`
// against the published types (tests/js/types.test.mjs): the manifest, calls by a known
// name (typed arguments and result) and by a name read at run time.
import {
  blockActions,
  blockCallbacks,
  runBlockAction,
  type BlockAction,
  type BlockActionName,
  type BlockCallback,
  type CallEvent,
  type MatchDecision,
  type ParsedPhone,
} from '@salebot/sipout';

const actions: BlockAction[] = blockActions('en');
const callbacks: BlockCallback[] = blockCallbacks();
const names: BlockActionName[] = actions.map((a) => a.name);
const required: string[] = actions.flatMap((a) => a.params.filter((p) => p.required).map((p) => p.name));
const canonical: string = runBlockAction('phone.normalize', { input: '8 (912) 345-67-89' });
const parsed: ParsedPhone = runBlockAction('phone.parse', { input: '+7 495 123-45-67 доб. 45' });
const event: CallEvent = runBlockAction('webhook.parse', { body: 'call_id=1&action=dial&direction=in&phone=79123456789' });
const decision: MatchDecision = runBlockAction('matching.decide', { phone: event.phone, project: { messengers: ['whatsapp'] } });
const callbackNames: string[] = callbacks.map((c) => c.name);

/** A call by a name chosen in the builder: the result is `unknown` until the host checks it. */
export function fromBuilder(name: string, args: Record<string, unknown>): unknown {
  return runBlockAction(name, args);
}

export const shownBlock = [names, required, canonical, parsed, decision, callbackNames];

// The types are precise: each line below must fail to compile.
// @ts-expect-error phone.normalize takes `input`, not `phone`
runBlockAction('phone.normalize', { phone: '89123456789' });
// @ts-expect-error the result of phone.find is a list
export const one: string = runBlockAction('phone.find', { text: '89123456789' });
// @ts-expect-error no such locale
blockActions('de');
