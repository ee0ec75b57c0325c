// Lint: typescript-eslint's recommended rules plus the import boundaries of ../shared/STYLE.md.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const rooms = ["config", "domain", "lib", "telegram", "store", "jobs", "accounts", "collect", "monitor", "profiles", "analyze", "export", "api", "cli"];
const adapters = ["telegram", "store", "jobs"];
const features = ["accounts", "collect", "monitor", "profiles", "analyze", "export"];

/** Patterns forbidding imports of the given rooms from a file one or more levels below src/. */
const forbidRooms = (names) =>
  names.flatMap((room) => [`../${room}/*`, `../${room}`, `../../${room}/*`, `../../${room}`, `../../../${room}/*`]);
/** Patterns forbidding deep imports into a room (anything but its index.ts). */
const onlyThroughIndex = (names) =>
  names.flatMap((room) => [`../${room}/*`, `!../${room}/index.js`, `../../${room}/*`, `!../../${room}/index.js`]);

const vendor = (name, message) => ({ group: [name, `${name}/**`], message });
const vendors = {
  kysely: vendor("kysely", "Kysely is used only in src/store/."),
  sqlite: vendor("better-sqlite3", "better-sqlite3 is used only in src/store/."),
  pg: vendor("pg", "pg is used only in src/store/."),
  mtcute: vendor("@mtcute", "mtcute is used only in src/telegram/mtproto/."),
  cheerio: vendor("cheerio", "cheerio is used only in src/telegram/."),
  fastify: vendor("fastify", "Fastify is used only in src/api/."),
  pgboss: vendor("pg-boss", "pg-boss is used only in src/jobs/."),
};
const restrict = (patterns) => ["error", { patterns }];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "data/**", "web/dist/**", "coverage/**", "bench/.work/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "contract/**/*.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports (STYLE.md rule 1)." }],
    },
  },
  {
    files: ["src/domain/**/*.ts", "src/lib/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: forbidRooms(rooms.filter((r) => r !== "lib" && r !== "domain")), message: "domain/ and lib/ import nothing of ours but lib/." },
        ...Object.values(vendors),
      ]),
    },
  },
  ...adapters.map((a) => ({
    files: [`src/${a}/**/*.ts`],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: forbidRooms([...features, "api", "cli"]), message: "Adapters import only domain/, lib/ and their vendor." },
        vendors.fastify,
        ...(a === "jobs" ? [] : [vendors.pgboss]),
      ]),
    },
  })),
  {
    files: ["src/telegram/**/*.ts"],
    ignores: ["src/telegram/mtproto/**", "**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: forbidRooms([...features, "api", "cli", "store", "jobs"]), message: "telegram/ imports only domain/ and lib/." },
        vendors.mtcute, vendors.kysely, vendors.sqlite, vendors.pg, vendors.fastify, vendors.pgboss,
      ]),
    },
  },
  {
    files: features.map((f) => `src/${f}/**/*.ts`),
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: onlyThroughIndex(adapters), message: "Features import adapters only through their index.ts." },
        { group: forbidRooms(["api", "cli"]), message: "Features do not import api/ or cli/." },
        ...Object.values(vendors),
      ]),
    },
  },
  {
    files: ["src/api/**/*.ts", "src/cli/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrict([
        { group: onlyThroughIndex(rooms.filter((r) => r !== "api" && r !== "cli")), message: "Import other rooms through their index.ts." },
        vendors.kysely, vendors.sqlite, vendors.pg, vendors.mtcute, vendors.cheerio, vendors.pgboss,
      ]),
    },
  },
);
