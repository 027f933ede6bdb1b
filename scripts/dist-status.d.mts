// Types of dist-status.mjs (plain JavaScript: bin/walkforward.mjs loads it before tsx could).
export declare const SOURCE_DIRS: string[];
export declare const STAMP_FILE: string;
export declare function distStatus(root: string): { fresh: true } | { fresh: false; reason: string };
