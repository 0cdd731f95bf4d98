export declare const CLIENT_SOURCES: string[]
export declare function newestMtime(target: string): number
export declare function clientBuildIsStale(root: string): boolean
export declare const STAMP_FILE: string
export declare function sourceHash(root: string): string
export declare function writeBuildStamp(root: string, hash?: string): void
