import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { compileChapter, chaptersDirWith, FIXTURES, GOOD } from './compile.ts';
import { buildBookIndex } from '../../../src/plugins/book-index.ts';

const BAD = join(FIXTURES, 'bad');

/** A chapters folder holding the two good fixture chapters plus one bad file as chapter 9. */
function withBad(name: string): { dir: string; file: string } {
  const dir = chaptersDirWith({
    '01-first-steps.mdx': join(GOOD, '01-first-steps.mdx'),
    '02-second-steps.mdx': join(GOOD, '02-second-steps.mdx'),
    [`09-${name}`]: join(BAD, name),
  });
  return { dir, file: join(dir, `09-${name}`) };
}

describe('the build fails loudly on content errors', () => {
  it('a KaTeX parse error fails compilation, naming the file', async () => {
    const { dir, file } = withBad('katex-error.mdx');
    await expect(compileChapter(file, dir)).rejects.toThrow(/KaTeX could not render 1 formula.*09-katex-error\.mdx:\d+: KaTeX parse error/s);
  });

  it('an undefined macro fails compilation (strict, throwOnError)', async () => {
    const { dir, file } = withBad('unknown-macro.mdx');
    await expect(compileChapter(file, dir)).rejects.toThrow(/Undefined control sequence: \\notamacro/);
  });

  it('an unknown <Ref id> fails with the id, the file and line', async () => {
    const { dir, file } = withBad('unknown-ref.mdx');
    await expect(compileChapter(file, dir)).rejects.toThrow(/<Ref>: unknown id "theorem-does-not-exist" \(.*09-unknown-ref\.mdx:8\)/);
  });

  it('a listing imported as text from a path that cannot be read fails, naming the path', async () => {
    const dir = chaptersDirWith({ '01-first-steps.mdx': join(GOOD, '01-first-steps.mdx'), '02-second-steps.mdx': join(GOOD, '02-second-steps.mdx') });
    const file = join(dir, '03-listing.mdx');
    writeFileSync(
      file,
      "---\ntitle: \"Listing\"\norder: 3\npart: 1\nsummary: \"A listing.\"\n---\n\nimport src from './no-such-file.ts?raw';\n\n## Code\n\n<pre class=\"code-listing\"><code>{src}</code></pre>\n",
    );
    await expect(compileChapter(file, dir)).rejects.toThrow(/03-listing\.mdx: cannot read .*no-such-file\.ts, imported as text \(src\)/);
  });

  it('an unknown id suggests close ids', async () => {
    const dir = chaptersDirWith({ '01-first-steps.mdx': join(GOOD, '01-first-steps.mdx'), '02-second-steps.mdx': join(GOOD, '02-second-steps.mdx') });
    const file = join(dir, '03-typo.mdx');
    writeFileSync(file, '---\ntitle: "Typo"\norder: 3\npart: 1\nsummary: "A typo."\n---\n\nSee <Ref id="theorem-frist"/> and <Ref id="eq-continuty"/>.\n');
    await expect(compileChapter(file, dir)).rejects.toThrow(/unknown id "theorem-frist" \(.*03-typo\.mdx:8\).*Did you mean: theorem-first\?/s);
  });

  it('a citation key missing from references.bib fails', async () => {
    const { dir, file } = withBad('unknown-citation.mdx');
    await expect(compileChapter(file, dir)).rejects.toThrow(/unknown citation \[@nobody2099nothing\]/);
  });

  it('an id defined twice fails, naming both places', () => {
    const { dir } = withBad('duplicate-id.mdx');
    expect(() => buildBookIndex(dir)).toThrow(/id "theorem-twice" is defined twice: .*09-duplicate-id\.mdx:8 and .*09-duplicate-id\.mdx:12/);
  });

  it('an id without its kind prefix fails', () => {
    const dir = chaptersDirWith({});
    writeFileSync(join(dir, '01-x.mdx'), '---\ntitle: "X"\norder: 1\npart: 1\nsummary: "x"\n---\n\n<Theorem id="marginal-velocity">A.</Theorem>\n');
    expect(() => buildBookIndex(dir)).toThrow(/must have an id like "theorem-some-name"/);
  });

  it('two \\label in one display, or a badly named label, fail', () => {
    const dir = chaptersDirWith({});
    writeFileSync(join(dir, '01-x.mdx'), '---\ntitle: "X"\norder: 1\npart: 1\nsummary: "x"\n---\n\n$$\na = b \\label{eq-a}\n\\label{eq-b}\n$$\n');
    expect(() => buildBookIndex(dir)).toThrow(/more than one \\label/);
    writeFileSync(join(dir, '01-x.mdx'), '---\ntitle: "X"\norder: 1\npart: 1\nsummary: "x"\n---\n\n$$\na = b \\label{first}\n$$\n');
    expect(() => buildBookIndex(dir)).toThrow(/\\label\{first\} must look like \\label\{eq-some-name\}/);
  });

  it('two chapters with the same order fail', () => {
    const dir = chaptersDirWith({ '01-first-steps.mdx': join(GOOD, '01-first-steps.mdx'), '01-again.mdx': join(GOOD, '01-first-steps.mdx') });
    expect(() => buildBookIndex(dir)).toThrow(/order 1 is already used/);
  });
});
