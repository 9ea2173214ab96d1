/** The components every chapter can use without importing them (passed to `<Content components>`). */
import Theorem from './Theorem.astro';
import Lemma from './Lemma.astro';
import Proposition from './Proposition.astro';
import Corollary from './Corollary.astro';
import Definition from './Definition.astro';
import Remark from './Remark.astro';
import Example from './Example.astro';
import Proof from './Proof.astro';
import Figure from './Figure.astro';
import Sidenote from './Sidenote.astro';
import Ref from './Ref.astro';
import Exercise from './Exercise.astro';
import Solution from './Solution.astro';

export const bookComponents = {
  Theorem,
  Lemma,
  Proposition,
  Corollary,
  Definition,
  Remark,
  Example,
  Proof,
  Figure,
  Sidenote,
  Ref,
  Exercise,
  Solution,
};
