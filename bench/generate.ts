/**
 * Deterministic generator of a realistic channel archive for the benchmarks: ~50 channels, messages
 * of 100–400 characters over two years, a Zipf word distribution (a few very common words, a long
 * tail of rare ones), English and Russian mixed, hashtags, links, mentions, views, reactions, and
 * some forwards, replies, edits, albums and media. The same seed always gives the same archive.
 */
import type { Media, MediaKind, Message, Reaction, Source } from "../src/domain/index.js";

/** Number of generated channels. */
export const SOURCE_COUNT = 50;
/** Messages are dated over this many days before {@link ARCHIVE_END}. */
const ARCHIVE_DAYS = 730;
/** The newest message date of the archive. */
export const ARCHIVE_END = new Date("2026-06-01T00:00:00Z");

const ENGLISH = (
  "the of and to in is for on that with news from this by at war are as be it was report government people " +
  "said president minister city attack video today breaking update military border energy prices market " +
  "election police court statement official sanctions ukraine russia europe china security crypto bitcoin " +
  "exchange protest leaders meeting talks agreement oil gas water school hospital weather storm fire army " +
  "drone missile defense economy bank inflation rate dollar euro budget tax vote parliament law freedom " +
  "press journalist media channel telegram source photo story morning evening night week month year"
).split(" ");
const RUSSIAN = (
  "и в не на что с по это как к из новости война президент министр город удар видео сегодня срочно " +
  "обновление армия граница энергия цены рынок выборы полиция суд заявление санкции украина россия европа " +
  "китай безопасность протест лидеры встреча переговоры соглашение нефть газ вода школа больница погода " +
  "пожар дрон ракета оборона экономика банк инфляция ставка доллар бюджет налог закон свобода пресса " +
  "журналист канал источник фото утро вечер ночь неделя месяц год жители власти регион область"
).split(" ");
const LATIN_SYLLABLES = "ka ri to mo ne sa lu vi da pe zo ra ti no be gu fa le mi so ku ta ze".split(" ");
const CYRILLIC_SYLLABLES = "ка ри то мо не са лу ви да пе зо ра ти но бе гу фа ле ми со ку та зе".split(" ");
/** Vocabulary size: real words first (the frequent ones), then invented words (the long tail). */
const VOCABULARY_SIZE = 40_000;
/** Phrases inserted as a whole, so phrase queries have matches: [phrase, probability per message]. */
const PHRASES: [string, number][] = [
  ["breaking news", 0.03],
  ["прямой эфир", 0.02],
  ["air raid alert", 0.005],
];
const REACTION_EMOJI = ["👍", "🔥", "❤", "😢", "🤔", "👎", "😁", "🙏"];
const MEDIA_KINDS: MediaKind[] = ["photo", "photo", "photo", "video", "webpage", "document", "audio"];

/** A small seeded PRNG (mulberry32): `next()` in [0, 1). */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

function buildVocabulary(): string[] {
  const words: string[] = [];
  for (let i = 0; i < Math.max(ENGLISH.length, RUSSIAN.length); i++) {
    if (ENGLISH[i]) words.push(ENGLISH[i]!);
    if (RUSSIAN[i]) words.push(RUSSIAN[i]!);
  }
  const seen = new Set(words);
  const random = new Random(7);
  while (words.length < VOCABULARY_SIZE) {
    const syllables = random.next() < 0.6 ? LATIN_SYLLABLES : CYRILLIC_SYLLABLES;
    let word = "";
    for (let n = 2 + random.int(3); n > 0; n--) word += random.pick(syllables);
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** The words of the vocabulary by rank (rank 1 = most frequent). Query mixes pick words from it. */
export const VOCABULARY: readonly string[] = buildVocabulary();

/** Cumulative Zipf (s = 1) weights over {@link VOCABULARY}, for sampling by binary search. */
const CUMULATIVE: Float64Array = (() => {
  const cumulative = new Float64Array(VOCABULARY.length);
  let sum = 0;
  for (let rank = 1; rank <= VOCABULARY.length; rank++) cumulative[rank - 1] = sum += 1 / rank;
  for (let i = 0; i < cumulative.length; i++) cumulative[i]! /= sum;
  return cumulative;
})();

function zipfWord(random: Random): string {
  const x = random.next();
  let lo = 0;
  let hi = CUMULATIVE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (CUMULATIVE[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

/** A generated channel: always with a peer id, a username and a title. */
export interface BenchSource extends Source {
  peerId: bigint;
  username: string;
  title: string;
}

/** The generated channel number `index` (0-based): `@bench_channel_01` …, peer id `-100…`. */
export function benchSource(index: number): BenchSource {
  const n = String(index + 1).padStart(2, "0");
  return {
    peerId: -1_001_500_000_000n - BigInt(index),
    kind: "channel",
    username: `bench_channel_${n}`,
    title: index % 2 === 0 ? `Bench Channel ${n}` : `Тестовый канал ${n}`,
    memberCount: 1000 + index * 997,
  };
}

/** One batch of consecutive messages of one channel, as a backfill would store it. */
export interface GeneratedBatch {
  /** Index of the channel in `0 … SOURCE_COUNT - 1`. */
  sourceIndex: number;
  messages: Message[];
}

/**
 * Generates `total` messages in batches of `batchSize`, round-robin over the channels; each channel's
 * message ids count up from 1 and its dates rise evenly over two years.
 */
export function* generateBatches(total: number, batchSize: number): Generator<GeneratedBatch> {
  const random = new Random(42);
  const perSource = Math.ceil(total / SOURCE_COUNT);
  const spacingMs = (ARCHIVE_DAYS * 86_400_000) / perSource;
  const start = ARCHIVE_END.getTime() - ARCHIVE_DAYS * 86_400_000;
  const nextId = new Array<number>(SOURCE_COUNT).fill(1);
  let produced = 0;
  for (let sourceIndex = 0; produced < total; sourceIndex = (sourceIndex + 1) % SOURCE_COUNT) {
    const count = Math.min(batchSize, total - produced, perSource - nextId[sourceIndex]! + 1);
    if (count <= 0) continue;
    const messages: Message[] = [];
    for (let i = 0; i < count; i++) {
      const messageId = nextId[sourceIndex]!++;
      const date = new Date(Math.floor((start + messageId * spacingMs + random.int(60_000)) / 1000) * 1000);
      messages.push(generateMessage(random, sourceIndex, messageId, date));
    }
    produced += count;
    yield { sourceIndex, messages };
  }
}

function generateMessage(random: Random, sourceIndex: number, messageId: number, date: Date): Message {
  const message: Message = {
    messageId,
    date,
    edited: false,
    text: generateText(random),
    entities: [],
    views: Math.floor(100 * Math.exp(random.next() * 8)),
    forwards: random.int(300),
    reactions: generateReactions(random),
    media: [],
  };
  if (random.next() < 0.1) {
    message.edited = true;
    message.editDate = new Date(date.getTime() + 60_000 + random.int(3_600_000));
  }
  if (random.next() < 0.3) message.repliesCount = random.int(200);
  if (random.next() < 0.2) message.postAuthor = random.next() < 0.5 ? "Editor" : "Редакция";
  if (random.next() < 0.1) {
    const from = benchSource((sourceIndex + 1 + random.int(SOURCE_COUNT - 1)) % SOURCE_COUNT);
    message.forward = {
      fromPeerId: from.peerId,
      fromUsername: from.username,
      fromName: from.title,
      originalPostId: 1 + random.int(Math.max(1, messageId)),
      originalDate: new Date(date.getTime() - random.int(86_400_000)),
    };
  }
  if (messageId > 1 && random.next() < 0.05) message.replyTo = { messageId: 1 + random.int(messageId - 1) };
  if (random.next() < 0.3) message.media = generateMedia(random, message.text);
  if (random.next() < 0.03) message.groupedId = String(1_000_000_000_000n + BigInt(sourceIndex * 1_000_000 + messageId));
  return message;
}

function generateText(random: Random): string {
  const targetLength = 100 + random.int(300);
  const sentences: string[] = [];
  let length = 0;
  for (const [phrase, probability] of PHRASES) {
    if (random.next() < probability) {
      sentences.push(`${capitalize(phrase)}:`);
      length += phrase.length + 2;
    }
  }
  while (length < targetLength) {
    const words: string[] = [];
    for (let n = 4 + random.int(12); n > 0; n--) words.push(zipfWord(random));
    const sentence = `${capitalize(words.join(" "))}${random.next() < 0.15 ? "," : "."}`;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  if (random.next() < 0.25) sentences.push(`#${zipfWord(random)}`);
  if (random.next() < 0.2) sentences.push(`https://example.org/${zipfWord(random)}/${random.int(100_000)}`);
  if (random.next() < 0.05) sentences.push(`@${benchSource(random.int(SOURCE_COUNT)).username}`);
  return sentences.join(" ");
}

function generateReactions(random: Random): Reaction[] {
  const reactions: Reaction[] = [];
  for (let n = random.int(5); n > 0; n--) {
    reactions.push({ emoji: REACTION_EMOJI[reactions.length]!, count: 1 + Math.floor(Math.exp(random.next() * 7)) });
  }
  if (random.next() < 0.02) reactions.push({ paid: true, count: 1 + random.int(100) });
  return reactions;
}

function generateMedia(random: Random, text: string): Media[] {
  const kind = random.pick(MEDIA_KINDS);
  switch (kind) {
    case "webpage":
      return [{ kind, webpage: { url: `https://example.org/article/${random.int(1_000_000)}`, title: text.slice(0, 40) } }];
    case "video":
      return [{ kind, mimeType: "video/mp4", durationSeconds: 5 + random.int(600), width: 1280, height: 720 }];
    case "photo":
      return [{ kind, width: 1280, height: 960 }];
    default:
      return [{ kind, mimeType: "application/octet-stream", sizeBytes: 10_000 + random.int(50_000_000), fileName: "file.bin" }];
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
