/** A practice-style JavaScript project with one bug, and scripted model answers for it. */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { quoteArg, writeFiles } from "./helpers";

export const CALC_SOURCE = `// Small arithmetic helpers.
function add(a, b) {
  return a - b;
}

function square(x) {
  return x * x;
}

function cube(x) {
  return x * x * x;
}

function half(x) {
  return x / 2;
}

module.exports = { add, square, cube, half };
`;

const CALC_TEST = `const test = require("node:test");
const assert = require("node:assert");
const { add, square, half } = require("../src/calc");

test("add adds", () => assert.strictEqual(add(2, 3), 5));
test("square squares", () => assert.strictEqual(square(3), 9));
test("half halves", () => assert.strictEqual(half(8), 4));
`;

/** A red project in a fresh sub-folder of the workspace. */
export interface RedProject {
  /** Folder name, relative to the workspace. */
  dir: string;
  /** Target file, relative to the workspace. */
  target: string;
  /** Absolute target path. */
  targetPath: string;
  /** greenloop.testCommand for this project (run from the workspace root). */
  testCommand: string;
}

/** Copies the calc project into `<workspace>/calc-<random>/`. */
export function createRedProject(workspace: string): RedProject {
  const dir = `calc-${randomBytes(3).toString("hex")}`;
  writeFiles(path.join(workspace, dir), {
    "greenloop.json": JSON.stringify(
      {
        name: "calc",
        language: "javascript",
        difficulty: 1,
        skills: ["arithmetic"],
        description: "add() subtracts instead of adding.",
        target: ["src/calc.js"],
        tests: ["test/calc.test.js"],
        testCommand: ["node", "--test", "test/calc.test.js"],
      },
      null,
      2,
    ),
    "src/calc.js": CALC_SOURCE,
    "test/calc.test.js": CALC_TEST,
  });
  const target = `${dir}/src/calc.js`;
  return {
    dir,
    target,
    targetPath: path.join(workspace, target),
    testCommand: [process.execPath, "--test", `${dir}/test/calc.test.js`].map(quoteArg).join(" "),
  };
}

/** One SEARCH/REPLACE block as the model writes it. */
export function editBlock(file: string, search: string, replace: string): string {
  return `${file}\n<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`;
}

/** Two far-apart edits (two hunks): hunk 0 fixes add(), hunk 1 is an unneeded change to half(). */
export function twoHunkAnswer(target: string): string {
  return (
    "add() subtracts; it must add.\n\n" +
    editBlock(target, "  return a - b;", "  return a + b;") +
    "\n" +
    editBlock(target, "  return x / 2;", "  return x / 2; // halved")
  );
}

/** Only the fix of add(). */
export function fixAnswer(target: string): string {
  return "Fix the operator.\n\n" + editBlock(target, "  return a - b;", "  return a + b;");
}

/** Another fix of add() (a different patch, so the loop does not call the run stuck). */
export function otherFixAnswer(target: string): string {
  return "Add the operands.\n\n" + editBlock(target, "  return a - b;", "  return b + a;");
}
