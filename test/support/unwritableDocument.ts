// Stands for any file the YAML writer cannot handle: while the hooks are installed, a Document
// with an `unwritable` key refuses to be turned into text. Call inside a mocha describe().
import { Document } from 'yaml';

export function refuseToWriteDocumentsMarkedUnwritable(): void {
  const original = Document.prototype.toString;
  before(() => {
    Document.prototype.toString = function (this: Document, ...args: Parameters<Document['toString']>) {
      if (this.has('unwritable')) throw new Error('cannot stringify this document');
      return original.apply(this, args);
    };
  });
  after(() => { Document.prototype.toString = original; });
}
