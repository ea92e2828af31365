/**
 * Where cargo is. rustup installs it in `~/.cargo/bin` (or `$CARGO_HOME/bin`) and adds that folder to the PATH of
 * login shells only, so an editor started from a desktop menu, or a CI job, often has no `cargo` on its PATH.
 */
import { accessSync, constants, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const EXE = process.platform === "win32" ? "cargo.exe" : "cargo";

/** `cargo` when it is on PATH, else the path of rustup's install, else undefined. */
export function findCargo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const onPath = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter(Boolean);
  if (onPath.some((dir) => isExecutable(path.join(dir, EXE)))) return "cargo";
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  const installs = [env.CARGO_HOME ? path.join(env.CARGO_HOME, "bin") : undefined, path.join(home, ".cargo", "bin")];
  for (const dir of installs) {
    if (dir && isExecutable(path.join(dir, EXE))) return path.join(dir, EXE);
  }
  return undefined;
}

/** The places {@link findCargo} looks, for error messages. */
export const CARGO_PLACES = "PATH, $CARGO_HOME/bin and ~/.cargo/bin";

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
