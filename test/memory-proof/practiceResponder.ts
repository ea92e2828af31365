/**
 * A stand-in "modest model" for the scripted model server: it reads the loop's prompt, finds which practice
 * project it is about from the task line, and answers with the reference solution as one SEARCH/REPLACE
 * block over the whole current file. For some projects (chosen deterministically) its first answer of a run
 * is the solution with a known bug from the catalog, so it needs a second call. It never reads the memory
 * section of the prompt: any gain it shows comes from replay, not from hints.
 */
import { createHash } from "node:crypto";
import type { RecordedRequest, Responder } from "../support/scriptedModelServer";
import type { Mutation } from "./bugClasses";
import type { CorrectProgram } from "./sources";

/** What the responder knows about one project. */
export interface ResponderProject {
  id: string;
  target: string;
  solution: string;
  /** The first answer of a run is this (a buggy solution) when set. */
  wrongFirst?: string;
}

const TASK = /## Task\nMake the failing tests pass by editing `([^`]+)`/;

/** True for the projects where the stand-in model gets it wrong first (about half, fixed by id). */
export function failsFirst(projectId: string): boolean {
  return createHash("sha1").update(projectId).digest()[0] % 2 === 0;
}

/** Responder projects from correct programs; projects picked by failsFirst() get a wrong first answer from `bugs`. */
export function responderProjects(
  programs: CorrectProgram[],
  bugs: readonly Mutation[],
  wrongFirst: (id: string) => boolean = failsFirst,
): ResponderProject[] {
  return programs.map(({ project, target, correct }) => {
    const bug = bugs.find((m) => m.project === project.id && correct.split(m.find).length === 2);
    const entry: ResponderProject = { id: project.id, target, solution: correct };
    if (bug && wrongFirst(project.id)) entry.wrongFirst = correct.replace(bug.find, bug.bug);
    return entry;
  });
}

/** The current content of `file` as the prompt shows it, or undefined. */
export function fileFromPrompt(prompt: string, file: string): string | undefined {
  const header = `## ${file}\n\`\`\``;
  const at = prompt.indexOf(header);
  if (at < 0) return undefined;
  const start = prompt.indexOf("\n", at + header.length) + 1;
  const end = prompt.indexOf("\n```", start - 1);
  return end < 0 ? undefined : prompt.slice(start, end);
}

/** A Responder for startScriptedModelServer that plays a modest model on the given projects. */
export function practiceResponder(projects: readonly ResponderProject[]): Responder {
  const byTarget = new Map(projects.map((p) => [p.target, p]));
  return (req: RecordedRequest) => {
    const prompt = req.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
    const target = TASK.exec(prompt)?.[1];
    const project = target === undefined ? undefined : byTarget.get(target.split("/").pop() ?? target);
    const current = target === undefined ? undefined : fileFromPrompt(prompt, target);
    if (!project || current === undefined) return { reply: "I cannot tell which file to edit." };
    const firstAnswerOfRun = !prompt.includes("## Previous attempts");
    const answer = firstAnswerOfRun && project.wrongFirst ? project.wrongFirst : project.solution;
    const search = current.replace(/\n$/, "");
    return { reply: `${target}\n<<<<<<< SEARCH\n${search}\n=======\n${answer.replace(/\n$/, "")}\n>>>>>>> REPLACE\n` };
  };
}
