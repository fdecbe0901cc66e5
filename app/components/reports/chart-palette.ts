// Chart colours, taken from the design tokens in app/styles/app.css (SVG fill attributes cannot
// read CSS custom properties), then a few more hues that stay apart for colour-blind readers.
export const CHART_COLORS = ["#3b5bdb", "#1f7a3d", "#e8590c", "#9a6700", "#ae3ec9", "#0c8599", "#c4312b", "#57606a"];
export const AXIS_COLOR = "#626a73";
export const GRID_COLOR = "#e3e3de";
export const PREVIOUS_COLOR = "#cfcfc8";

export const colorAt = (i: number) => CHART_COLORS[i % CHART_COLORS.length];
