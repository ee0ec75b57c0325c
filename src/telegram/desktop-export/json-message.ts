/**
 * One message object of a Desktop `result.json` (`export_output_json.cpp`, `SerializeMessage`) →
 * domain {@link Message}.
 */
import { TruncatedExportError, type ForwardHeader, type Message, type Sender, type ServiceAction } from "../../domain/index.js";
import { mediaFromJson, reactionsFromJson } from "./json-media.js";
import { textFromJson } from "./json-text.js";
import { asNumber, asObject, asString, dateField, peerIdFromRef, type JsonObject } from "./json-values.js";

/** Keys of a service message that are not part of its action's details. */
const SERVICE_COMMON_KEYS = new Set([
  "id", "type", "date", "date_unixtime", "edited", "edited_unixtime", "actor", "actor_id", "action", "text", "text_entities",
]);

function sender(name: unknown, ref: unknown): Sender | undefined {
  const result: Sender = {};
  const peerId = peerIdFromRef(ref);
  if (peerId !== undefined) result.peerId = peerId;
  const displayName = asString(name);
  if (displayName !== undefined) result.name = displayName;
  return result.peerId === undefined && result.name === undefined ? undefined : result;
}

/**
 * Forward header from `forwarded_from` (name, `null` for a deleted or hidden sender) and
 * `forwarded_from_id`; messages of Saved Messages that only have `saved_from` (the chat they were
 * saved from) get that chat's name as `fromName`.
 */
function forwardHeader(raw: JsonObject): ForwardHeader | undefined {
  if (!("forwarded_from" in raw) && !("forwarded_from_id" in raw) && !("saved_from" in raw)) return undefined;
  const header: ForwardHeader = {};
  const fromName = asString(raw.forwarded_from) ?? asString(raw.saved_from);
  if (fromName !== undefined) header.fromName = fromName;
  const fromPeerId = peerIdFromRef(raw.forwarded_from_id);
  if (fromPeerId !== undefined) header.fromPeerId = fromPeerId;
  return header;
}

function serviceAction(raw: JsonObject): ServiceAction {
  const informationText = asString(raw.information_text);
  const action: ServiceAction = { type: asString(raw.action) ?? (informationText === undefined ? "other" : "custom_action") };
  const actor = asString(raw.actor);
  if (actor !== undefined) action.actor = actor;
  const text = informationText ?? textFromJson(raw.text, raw.text_entities).text;
  if (text) action.text = text;
  const details = Object.fromEntries(Object.entries(raw).filter(([key]) => !SERVICE_COMMON_KEYS.has(key)));
  if (Object.keys(details).length > 0) action.details = details;
  return action;
}

/** `inline_bot_buttons`: rows of `{type, text, data}`; `url` buttons carry their link in `data`. */
function buttons(value: unknown): Message["buttons"] {
  if (!Array.isArray(value)) return undefined;
  const result: NonNullable<Message["buttons"]> = [];
  for (const button of value.flat()) {
    const object = asObject(button);
    const text = asString(object?.text);
    if (!object || text === undefined) continue;
    const url = object.type === "url" ? asString(object.data) : undefined;
    result.push(url === undefined ? { text } : { text, url });
  }
  return result.length > 0 ? result : undefined;
}

/**
 * Converts one message object.
 *
 * Dates: `date_unixtime`/`edited_unixtime` (UTC) when present, else `date`/`edited`, which Desktop
 * writes in the exporting computer's local time without a zone and which are read as UTC.
 * Service messages (`type: "service"`) get `service` with the action's own fields in `details`
 * (e.g. `phone_call` → `{ duration_seconds, discard_reason }`, `pin_message` → `{ message_id }`),
 * the actor as `sender`, and empty `text`.
 *
 * @param raw - the message object as parsed
 * @param path - the export file, for errors
 * @returns the message, or `undefined` for Desktop's `{"id": N, "type": "unsupported"}` stubs, which
 *   carry nothing else
 * @throws {TruncatedExportError} when the object has no integer `id` or no readable date
 */
export function messageFromJson(raw: JsonObject, path: string): Message | undefined {
  const messageId = asNumber(raw.id);
  if (messageId === undefined || !Number.isInteger(messageId)) {
    throw new TruncatedExportError(path, `a message has no integer id (${JSON.stringify(raw.id) ?? "missing"})`);
  }
  if (raw.type === "unsupported") return undefined;
  const date = dateField(raw, "date");
  if (!date) throw new TruncatedExportError(path, `message ${messageId} has no date`);
  const isService = raw.type === "service";
  const { text, entities } = isService ? { text: "", entities: [] } : textFromJson(raw.text, raw.text_entities);
  const message: Message = {
    messageId,
    date,
    edited: "edited" in raw || "edited_unixtime" in raw,
    text,
    entities,
    reactions: reactionsFromJson(raw.reactions),
    media: isService ? [] : mediaFromJson(raw),
  };
  const editDate = dateField(raw, "edited");
  if (editDate) message.editDate = editDate;
  const from = isService ? sender(raw.actor, raw.actor_id) : sender(raw.from, raw.from_id);
  if (from) message.sender = from;
  if (isService) message.service = serviceAction(raw);
  const postAuthor = asString(raw.author);
  if (postAuthor) message.postAuthor = postAuthor;
  const forward = forwardHeader(raw);
  if (forward) message.forward = forward;
  const replyToId = asNumber(raw.reply_to_message_id);
  if (replyToId !== undefined) {
    const replyPeerId = peerIdFromRef(raw.reply_to_peer_id);
    message.replyTo = replyPeerId === undefined ? { messageId: replyToId } : { messageId: replyToId, peerId: replyPeerId };
  }
  const viaBot = asString(raw.via_bot);
  if (viaBot) message.viaBot = viaBot.replace(/^@/, "");
  const inlineButtons = buttons(raw.inline_bot_buttons);
  if (inlineButtons) message.buttons = inlineButtons;
  return message;
}
