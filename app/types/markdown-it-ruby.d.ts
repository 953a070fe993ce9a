declare module "markdown-it-ruby" {
  import type { PluginSimple } from "markdown-it";
  const markdownItRuby: PluginSimple;
  export default markdownItRuby;
}

declare module "markdown-it-container" {
  import type { PluginWithParams } from "markdown-it";
  const markdownItContainer: PluginWithParams;
  export default markdownItContainer;
}
