/** The chapters collection in reading order (by frontmatter `order`). */
import { getCollection, type CollectionEntry } from 'astro:content';

export async function chaptersInOrder(): Promise<CollectionEntry<'chapters'>[]> {
  const all = await getCollection('chapters');
  return all.sort((a, b) => a.data.order - b.data.order);
}
