/**
 * The pane's marks record in WPS: kept in the workbook's custom document properties, so that
 * 清除标记 works after the file is reopened (Excel keeps it in the document's settings). A
 * property holds 255 characters, so a record is split into numbered pieces.
 */
import type { MarkStore } from '../host.ts';
import type { MarkRecord } from '../marking.ts';
import { read, XL, type EtDocumentProperties, type EtDocumentProperty } from './et.ts';

const PREFIX = 'ledger-marks:';
const PIECE = 250;

export function propertyMarkStore(properties: () => EtDocumentProperties): MarkStore {
  /** The record's pieces, in order. */
  const piecesOf = (sheet: string): EtDocumentProperty[] => {
    const props = properties();
    const pieces: { at: number; property: EtDocumentProperty }[] = [];
    for (let i = 1; i <= read<number>(props, 'Count'); i++) {
      const property = props.Item(i);
      const match = /#(\d+)$/.exec(read<string>(property, 'Name'));
      if (match && read<string>(property, 'Name') === `${PREFIX}${sheet}#${match[1]}`)
        pieces.push({ at: Number(match[1]), property });
    }
    return pieces.sort((a, b) => a.at - b.at).map((p) => p.property);
  };
  const remove = (sheet: string) => {
    for (const piece of piecesOf(sheet)) piece.Delete();
  };
  return {
    get(sheet) {
      const pieces = piecesOf(sheet);
      if (pieces.length === 0) return undefined;
      try {
        return JSON.parse(pieces.map((p) => String(p.Value)).join('')) as MarkRecord;
      } catch {
        return undefined; // a record cut short (the file saved by a tool that drops properties): no marks to undo
      }
    },
    async set(record) {
      remove(record.sheet);
      const text = JSON.stringify(record);
      const props = properties();
      for (let i = 0; i * PIECE < text.length; i++)
        props.Add(`${PREFIX}${record.sheet}#${i}`, false, XL.propertyString, text.slice(i * PIECE, (i + 1) * PIECE));
    },
    async remove(sheet) {
      remove(sheet);
    },
  };
}
