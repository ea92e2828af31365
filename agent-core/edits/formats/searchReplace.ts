/** SEARCH/REPLACE blocks: the file path, the exact current lines, the new lines. Cheap answers; exact copies needed. */
import { hasEditMarkers, parseEditBlocks } from "../parse";
import type { EditBlock } from "../types";
import { withoutLineNumbers } from "./lineNumbers";
import { resolveName, soleEditable } from "./names";
import { COMMON_RULES } from "./rules";
import type { EditFormat } from "./types";

/** SEARCH copied from numbered feedback lines: the numbers go from both sections. */
function withoutBlockLineNumbers(block: EditBlock): Pick<EditBlock, "search" | "replace"> {
  const search = withoutLineNumbers(block.search);
  if (search === block.search || block.search.trim() === "") return block;
  return { search, replace: withoutLineNumbers(block.replace) };
}

export const searchReplace: EditFormat<"search-replace"> = {
  id: "search-replace",
  label: "SEARCH/REPLACE blocks",
  instructions: `Answer ONLY with SEARCH/REPLACE blocks in this exact format, one block per change:

path/relative/to/workspace.ext
<<<<<<< SEARCH
exact lines copied from the current file
=======
the replacement lines
>>>>>>> REPLACE

Rules:
- SEARCH must copy the current file's lines exactly (including indentation) and match one place only.
  Keep it short: a few lines around the change. An empty SEARCH creates a new file.
${COMMON_RULES}
- No explanations outside the blocks.`,
  reminder: "Reply with SEARCH/REPLACE blocks only.",
  noEdits: "Your answer contained no SEARCH/REPLACE blocks. Answer with blocks in the exact format.",
  recognise: hasEditMarkers,
  parse(answer, ctx) {
    const { blocks, errors } = parseEditBlocks(answer, { defaultPath: soleEditable(ctx) });
    const edits: EditBlock[] = [];
    for (const block of blocks) {
      const name = resolveName(block.path, ctx);
      if (!name.ok) errors.push(name.message);
      else edits.push({ ...block, ...withoutBlockLineNumbers(block), path: name.path });
    }
    return { edits, errors };
  },
};
