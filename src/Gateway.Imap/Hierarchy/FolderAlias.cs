namespace Gateway.Imap.Hierarchy;

/// <summary>A client root folder name that stands for the server's special-use folder of <paramref name="Role"/>.</summary>
/// <param name="Name">The client's name, e.g. <c>Sent Items</c> or <c>Elementos enviados</c>; compared ignoring case.</param>
/// <param name="Role">The role whose server folder it means.</param>
internal sealed record FolderAlias(string Name, SpecialUse Role);
