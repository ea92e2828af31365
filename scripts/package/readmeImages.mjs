// The images a README shows, and which of them a package would not carry: the extension's details page
// resolves a relative image inside the installed package, so each one must be packed (or be an absolute URL).

/** Image references of a Markdown text: ![alt](src "title") and <img src="…">, in order. */
export function readmeImages(markdown) {
  const refs = [];
  for (const m of markdown.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) refs.push(m[1]);
  for (const m of markdown.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) refs.push(m[1]);
  return refs;
}

/** True for a reference that does not depend on the package's files. */
export function isAbsoluteImage(ref) {
  return /^(https:|data:)/i.test(ref);
}

/**
 * The README's images missing from a package whose files are `packed` (paths relative to the extension
 * root, "/" separators). Absolute `http:` images are reported too: the details page refuses them.
 */
export function imagesNotPacked(markdown, packed) {
  const files = new Set(packed.map((f) => f.replace(/^\.\//, "")));
  return readmeImages(markdown).filter((ref) => {
    if (isAbsoluteImage(ref)) return false;
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return true;
    const file = decodeURI(ref.split(/[?#]/)[0]).replace(/^\.\//, "");
    return !files.has(file);
  });
}

/**
 * The README with every relative image made absolute under `baseUrl` (an https folder where the repository's
 * files are published): VS Code's details page shows https images only (it drops relative and data: sources).
 */
export function withImageBase(markdown, baseUrl) {
  if (!/^https:\/\/[^/]+/.test(baseUrl)) throw new Error(`--images-url must be an https URL, got "${baseUrl}"`);
  const base = baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  const absolute = (ref) => (/^[a-z][a-z0-9+.-]*:/i.test(ref) ? ref : base + ref.replace(/^\.\//, ""));
  return markdown
    .replace(/(!\[[^\]]*\]\(\s*<?)([^)\s>]+)/g, (_, head, ref) => head + absolute(ref))
    .replace(/(<img\b[^>]*\bsrc\s*=\s*["'])([^"']+)/gi, (_, head, ref) => head + absolute(ref));
}
