import PackagePlugin
@main struct GenerateProto: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {}
}
