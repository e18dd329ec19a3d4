import path from 'node:path/posix';
import { readXml } from './xml-stream.js';
import type { Parts } from './zip-parts.js';

/** One relationship of an OOXML part (ECMA-376 Part 2, Open Packaging Conventions). */
export interface Rel {
  id: string;
  /** The relationship type's last segment (`worksheet`, `comments`, `pivotCacheDefinition`…). */
  type: string;
  /** The target part's name in the package, or the external target as written. */
  target: string;
  external: boolean;
}

/** The relationships of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`); none when it has no rels part. */
export async function readRels(parts: Parts, part: string): Promise<Rel[]> {
  const dir = path.dirname(part);
  const relsName = parts.find(path.join(dir === '.' ? '' : dir, '_rels', `${path.basename(part)}.rels`));
  if (!relsName) return [];
  const rels: Rel[] = [];
  await readXml(parts.open(relsName), {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target) return;
      const external = a.TargetMode === 'External';
      const type = (a.Type ?? '').replace(/^.*\//, '');
      rels.push({ id: a.Id ?? '', type, target: external ? a.Target : resolveTarget(dir, a.Target), external });
    },
  }, relsName);
  return rels;
}

/** A relationship target resolved against the folder of its source part (`../comments1.xml`, `/xl/x.xml`). */
export function resolveTarget(dir: string, target: string): string {
  const t = decodeURIComponentSafe(target.replace(/\\/g, '/'));
  if (t.startsWith('/')) return path.normalize(t).slice(1);
  return path.normalize(path.join(dir === '.' ? '' : dir, t)).replace(/^\/+/, '');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The main part of a package (`xl/workbook.xml`, `word/document.xml`) from its root relationships. */
export async function mainPart(parts: Parts): Promise<string | undefined> {
  const rels = await readRels(parts, '');
  const doc = rels.find((r) => r.type === 'officeDocument' && !r.external);
  return doc ? parts.find(doc.target) : undefined;
}
