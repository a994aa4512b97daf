export { markdownToHtml } from "./markdown-html.js";
export { renderDashboard, slugify } from "./render.js";
export type { DashboardFiles, DashboardInput, DashboardMilestone, DashboardReport } from "./types.js";
export { writeDashboard } from "./write.js";
