namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>Reads a commitment text (保密承诺书), <c>commitments/*.md</c>: front matter kind (OnDuty 上岗 | OffDuty 离岗), version, title.</summary>
internal static class CommitmentReader
{
    public static CommitmentDoc? Read(ContentFile file, ReadContext context)
    {
        var front = FrontMatter.Read(file, context.Problems);
        if (front is null)
        {
            return null;
        }

        var f = front.Fields;
        f.OnlyKeys("kind", "version", "title");
        var kind = f.Enum("kind", Aliases.CommitmentKinds);
        var version = f.Text("version");
        var title = f.Text("title");
        if (string.IsNullOrWhiteSpace(front.Body))
        {
            context.Problem(new SourceRef(file.Path, front.BodyFirstLine), "承诺书没有正文。");
        }

        return kind is null || version is null || title is null ? null : new CommitmentDoc(kind.Value, version, title, front.Body.Trim(), f.Where);
    }
}
