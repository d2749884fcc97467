/** Stands in for the system clipboard where the test must read back what was copied. */
export class MemoryClipboard {
  text = '';
  writes = 0;

  async writeText(value: string): Promise<void> {
    this.text = value;
    this.writes++;
  }

  async readText(): Promise<string> {
    return this.text;
  }
}
