export { markdownToHtml } from "./markdown-html.js";
export { renderDashboard, slugify } from "./render.js";
export type {
  DashboardFiles,
  DashboardInput,
  DashboardMilestone,
  DashboardReport,
  StatusData,
} from "./types.js";
export { writeDashboard } from "./write.js";
