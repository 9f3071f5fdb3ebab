// Types of what TypeScript code (bench/) imports from deploy/bundle.mjs.
import type { BuildOptions } from "esbuild";

export declare const EXTERNAL_PACKAGES: string[];
export declare function deployBuildOptions(): BuildOptions;
