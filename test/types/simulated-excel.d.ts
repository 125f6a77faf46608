/**
 * What the simulated Excel (test/host/excel-simulator.js) puts on a page for the browser tests:
 * its workbook to look inside, and a clerk's hands to type with.
 */
interface Window {
  __excel: {
    sim: {
      sheets: Map<string, { cells: Map<string, { value: unknown }> }>;
      active: string;
      syncs: number;
      asked: string[];
    };
    edit(address: string, value: string, sheet?: string): void;
    quietly(address: string, value: string, sheet?: string): void;
    value(address: string, sheet?: string): unknown;
    fill(address: string, sheet?: string): string;
    notes(sheet?: string): Record<string, string>;
    load(rows: unknown[][], sheet?: string): void;
  };
}
