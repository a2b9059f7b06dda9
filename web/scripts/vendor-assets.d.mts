/** A file served under /vendor/<url>, copied from node_modules/<from>. */
export interface VendorAsset {
  url: string;
  from: string;
}
export declare const vendorAssets: readonly VendorAsset[];
/** The installed version of an npm package. */
export declare function versionOf(pkg: string): string;
/** MediaPipe Pose's folder under /vendor/ (it carries the package version). */
export declare const poseAssetDir: string;
/** The URL of that folder, ending in a slash. */
export declare const poseAssetUrl: string;
