// The fields of the JSON extractor's objects that are pending: held back until the object closes,
// so that they go out with the object's siblings record whole (`type: "station"` may come last).
import type { Field } from '../types.js';
import type { Frame } from './json-frames.js';

/** Fields held back to learn their siblings (`type: "station"`) are let go beyond this many. */
const MAX_PENDING = 256;

/**
 * An object's fields are pending until it closes, or something inside it opens, or more than
 * MAX_PENDING are: then they go out. They go into the piece's list of fields as they come, and only
 * those still pending at the end of a piece are held back in the object's list (holdBack), since the
 * fields of a piece are read only when it is parsed whole: every field went into its object's list
 * first and was copied out of it, two stores a field (issue 16). Only the innermost open object can
 * have fields pending, as an object or array opening lets go of its parent's.
 */
export class PendingFields {
  /** Where in the fields of the piece being parsed the innermost object's pending fields begin. */
  private since = 0;

  /** Starts a piece: the fields `top` held back at the end of the last come first in `out`, still pending. */
  start(out: Field[], top: Frame | undefined): void {
    const at = out.length;
    if (top?.pending) this.flush(out, top);
    this.since = at;
  }

  /** Nothing is pending when a value opens or closes: what the one around it held went out when it opened. */
  none(out: Field[]): void {
    this.since = out.length;
  }

  /** Sends an object's fields held back out, and lets go of them (the list keeps its room); nothing is pending then. */
  flush(out: Field[], frame: Frame): void {
    const pending = frame.pending!;
    for (let k = 0; k < frame.held; k++) {
      out.push(pending[k]!);
      pending[k] = undefined;
    }
    frame.held = 0;
    this.since = out.length;
  }

  /** At the end of a piece, holds back in `top`'s list the fields pending in it, if it is an open object. */
  holdBack(out: Field[], top: Frame | undefined): void {
    if (!top?.pending || this.since >= out.length) return;
    const pending = top.pending;
    for (let k = this.since; k < out.length; k++) pending[top.held++] = out[k];
    out.length = this.since;
  }

  /** Sends a field of `frame` out: pending if an object's, with the object's siblings record. */
  emit(out: Field[], frame: Frame | undefined, f: Field): void {
    // one field at a time: wrapping each in an array to share a loop was an allocation per value
    out.push(f);
    if (!frame?.pending) this.since = out.length;
    else {
      if (frame.siblings) f.siblings = frame.siblings;
      if (out.length - this.since > MAX_PENDING) this.since = out.length;
    }
  }
}
