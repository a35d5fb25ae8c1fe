// Load the app module as `node FILE` would run it, so code that asks "am I the program?" gets the
// same answer: process.argv[1] is the app's path (the ESM idiom compares import.meta.url or
// import.meta.filename with it), and for CommonJS `require.main === module` holds, as when Node
// (or PM2) runs the file as its entry point. Without this, an app ending with
// `if (require.main === module) app.listen(PORT)` would never listen under tsicorn.
import Module from 'node:module';

interface CompilingModule {
  id: string;
}
type Compile = (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) => unknown;

/** Returns the function that undoes the hook (process.argv[1] and process.mainModule stay, as in Node). */
export function loadAsMain(file: string): () => void {
  process.argv[1] = file;
  const proto = (Module as unknown as { prototype: { _compile?: Compile } }).prototype;
  const original = proto._compile;
  if (typeof original !== 'function') return () => {};
  const hooked: Compile = function (this: CompilingModule, content, filename, ...rest) {
    if (filename === file && proto._compile === hooked) {
      proto._compile = original;
      // What Module._load(file, null, true) does for Node's own entry point.
      (process as { mainModule?: unknown }).mainModule = this;
      this.id = '.';
    }
    return original.call(this, content, filename, ...rest);
  };
  proto._compile = hooked;
  return () => {
    if (proto._compile === hooked) proto._compile = original;
  };
}
