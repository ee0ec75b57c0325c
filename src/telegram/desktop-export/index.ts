export {
  iterDesktopExport,
  scanDesktopExport,
  type ExportEvent,
  type ExportScan,
  type IterDesktopExportOptions,
  type ScanDesktopExportOptions,
} from "./desktop-export.js";
