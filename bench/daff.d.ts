// daff ships no types; the part the benchmark uses.
declare module 'daff' {
  class TableView {
    constructor(data: string[][]);
  }
  class CompareFlags {}
  class Merger {
    constructor(parent: TableView, local: TableView, remote: TableView, flags: CompareFlags);
    apply(): number;
  }
  const daff: { TableView: typeof TableView; CompareFlags: typeof CompareFlags; Merger: typeof Merger };
  export default daff;
}
