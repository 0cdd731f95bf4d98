export declare const CLIENT_SOURCES: string[]
export declare function newestMtime(target: string): number
export declare function clientBuildIsStale(root: string): boolean
