/** A file served under /vendor/<url>, copied from node_modules/<from>. */
export interface VendorAsset {
  url: string;
  from: string;
}
export declare const vendorAssets: readonly VendorAsset[];
