/**
 * A responder for the scripted model server that plays a model solving practice projects: it reads the fix
 * loop's prompt, recognises the project, and answers with SEARCH/REPLACE blocks that turn the file content
 * shown in the prompt into the reference solution. Per project, a behaviour makes it err in a chosen way.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PracticeProject } from "../../agent-core/training/projects";
import type { RecordedRequest, ReplyStep } from "./model-server/types";

/**
 * How the pretend model handles one project.
 * - `solve`: the solution at once.
 * - `wrong-first`: a plausible but wrong edit, then the solution.
 * - `never`: a harmless wrong edit every time, so the budget runs out.
 * - `tamper`: first rewrites the test file so it passes trivially, then the solution.
 * - `malformed-first`: first an answer whose edit block is cut off, then the solution.
 */
export type PracticeBehaviour = "solve" | "wrong-first" | "never" | "tamper" | "malformed-first";

/** What one answer was. */
export type AnswerKind = "solution" | "wrong" | "tamper" | "malformed";

/** One answered chat request. */
export interface PracticeAnswer {
  projectId: string;
  kind: AnswerKind;
  /** The target file's content as the prompt showed it. */
  shownContent: string;
}

export interface PracticeResponderOptions {
  /** Projects the responder may meet (target[0] is the file the loop edits). */
  projects: PracticeProject[];
  /** Reference solutions laid out as `<language>/<name>/<target>`. */
  solutionsDir: string;
  /** Behaviour per project id ("python/calculator"); `solve` when absent. */
  behaviours?: Record<string, PracticeBehaviour>;
}

/** A stateful responder: counts answers per project so first/later answers can differ. */
export interface PracticeResponder {
  /** Pass to `startScriptedModelServer`. */
  respond: (req: RecordedRequest) => ReplyStep;
  /** Every answer, in order. */
  readonly answers: PracticeAnswer[];
  /** Answers given for one project since the last reset. */
  calls(projectId: string): number;
  /** Forgets the answer counts (the next answer for each project is its "first" again) and the log. */
  reset(): void;
}

interface KnownProject {
  project: PracticeProject;
  target: string;
  stub: string;
  solution: string;
  tests: Array<{ path: string; content: string }>;
}

const TASK_RE = /Make the failing tests pass by editing `([^`]+)`/;
const FENCE_LANGUAGE: Record<string, string> = {
  javascript: "javascript",
  typescript: "typescript",
  python: "python",
  java: "java",
};

/** Loads stubs, tests and solutions of `options.projects` and returns the responder. */
export async function createPracticeResponder(options: PracticeResponderOptions): Promise<PracticeResponder> {
  const known: KnownProject[] = [];
  for (const project of options.projects) {
    const target = project.target[0];
    const solutionFile = path.join(options.solutionsDir, project.language, project.name, target);
    const solution = await readFile(solutionFile, "utf8").catch(() => {
      throw new Error(`No reference solution for ${project.id} at ${solutionFile}`);
    });
    const tests = await Promise.all(
      project.tests.map(async (t) => ({ path: t, content: await readFile(path.join(project.dir, t), "utf8") })),
    );
    known.push({ project, target, stub: await readFile(path.join(project.dir, target), "utf8"), solution, tests });
  }
  const counts = new Map<string, number>();
  const answers: PracticeAnswer[] = [];

  const respond = (req: RecordedRequest): ReplyStep => {
    const prompt = [...req.messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const found = identify(prompt, known);
    const n = counts.get(found.project.id) ?? 0;
    counts.set(found.project.id, n + 1);
    const behaviour = options.behaviours?.[found.project.id] ?? "solve";
    const kind = answerKind(behaviour, n);
    answers.push({ projectId: found.project.id, kind, shownContent: found.shown });
    return { reply: answerText(kind, found, prompt, behaviour === "never" ? n : -1) };
  };

  return {
    respond,
    answers,
    calls: (id) => counts.get(id) ?? 0,
    reset: () => {
      counts.clear();
      answers.length = 0;
    },
  };
}

function answerKind(behaviour: PracticeBehaviour, previousAnswers: number): AnswerKind {
  const first = previousAnswers === 0;
  switch (behaviour) {
    case "solve":
      return "solution";
    case "never":
      return "wrong";
    case "wrong-first":
      return first ? "wrong" : "solution";
    case "tamper":
      return first ? "tamper" : "solution";
    case "malformed-first":
      return first ? "malformed" : "solution";
  }
}

/** The project the prompt is about, and the target content it shows. Throws (a 500 from the server) when unknown. */
function identify(prompt: string, known: KnownProject[]): KnownProject & { shown: string } {
  const target = TASK_RE.exec(prompt)?.[1];
  if (!target) throw new Error("practice responder: the prompt names no target file");
  const section = fencedSection(prompt, target);
  if (!section) throw new Error(`practice responder: the prompt shows no content for ${target}`);
  const byPath = known.filter(
    (k) => k.target === target && (!section.language || FENCE_LANGUAGE[k.project.language] === section.language),
  );
  // Several projects can share a file name: the read-only tests shown, then the stub, tell them apart.
  const match =
    (byPath.length === 1 ? byPath[0] : undefined) ??
    byPath.find((k) => k.tests.some((t) => fencedSection(prompt, t.path)?.content === t.content)) ??
    byPath.find((k) => k.stub === section.content) ??
    known.find((k) => k.stub === section.content);
  if (!match) throw new Error(`practice responder: no known practice project edits ${target} (${section.language})`);
  return { ...match, shown: section.content };
}

/** The content of the prompt section `## <file>` (between its ``` fences), and the fence's language tag. */
export function fencedSection(prompt: string, file: string): { content: string; language: string } | undefined {
  const heading = new RegExp(`^## ${escapeRegExp(file)}(?: \\(read-only\\))?\\n\`\`\`([\\w-]*)\\n`, "m").exec(prompt);
  if (!heading) return undefined;
  const start = heading.index + heading[0].length;
  // The closing fence is followed by the next section or the end of the prompt.
  const end = prompt.indexOf("\n```\n\n", start);
  const stop = end >= 0 ? end : prompt.lastIndexOf("\n```");
  if (stop < start) return undefined;
  return { content: prompt.slice(start, stop), language: heading[1] };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One SEARCH/REPLACE block replacing `before` (the whole current text) with `after`. */
function wholeFileBlock(file: string, before: string, after: string): string {
  const body = (s: string) => s.replace(/\n$/, "");
  return `${file}\n<<<<<<< SEARCH\n${body(before)}\n=======\n${body(after)}\n>>>>>>> REPLACE\n`;
}

/** `attempt` numbers the harmless edits of a never-solved project; -1 asks for a plausible wrong edit. */
function answerText(
  kind: AnswerKind,
  found: KnownProject & { shown: string },
  prompt: string,
  attempt: number,
): string {
  const { target, shown, project } = found;
  switch (kind) {
    case "solution":
      return wholeFileBlock(target, shown, found.solution);
    case "wrong":
      return wholeFileBlock(
        target,
        shown,
        attempt < 0 ? plausibleWrongEdit(shown, project.language) : harmlessEdit(shown, project.language, attempt),
      );
    case "malformed": {
      const firstLine = shown.split("\n")[0];
      return `I will fix it.\n\n${target}\n<<<<<<< SEARCH\n${firstLine}\n>>>>>>> REPLACE\n`;
    }
    case "tamper": {
      const test = found.tests[0];
      const shownTest = fencedSection(prompt, test.path)?.content ?? test.content;
      return wholeFileBlock(test.path, shownTest, trivialTest(project.language, shownTest));
    }
  }
}

/** A change that looks like progress but fixes nothing: the first TODO stub returns a wrong constant. */
function plausibleWrongEdit(content: string, language: string): string {
  const stub =
    language === "python" ? /^(\s*)raise NotImplementedError\(.*\)$/m : /^(\s*)throw new Error\("TODO[^"]*"\);$/m;
  return stub.test(content)
    ? content.replace(stub, language === "python" ? "$1return 0" : "$1return 0;")
    : harmlessEdit(content, language, 0);
}

/** A comment added at the end, numbered so that repeated answers differ: changes nothing the tests see. */
function harmlessEdit(content: string, language: string, attempt: number): string {
  const comment = language === "python" ? `# tried again (${attempt + 1})` : `// tried again (${attempt + 1})`;
  return `${content.replace(/\n?$/, "\n")}${comment}\n`;
}

/** A test file that always passes: what an agent cheating on the tests would write. */
function trivialTest(language: string, original: string): string {
  if (language === "python") return "def test_everything():\n    assert True\n";
  const header = /\brequire\(/.test(original)
    ? 'const test = require("node:test");\nconst assert = require("node:assert");\n'
    : 'import { test } from "node:test";\nimport assert from "node:assert";\n';
  return `${header}\ntest("everything", () => {\n  assert.ok(true);\n});\n`;
}
