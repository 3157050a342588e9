using SecrecyTraining.Web.Domain;

namespace SecrecyTraining.Web.Features.Content.Reading;

/// <summary>
/// Reads <c>policy.yaml</c>: the certification types, and per post level the certifications it requires, the cycle (a
/// rolling refresher period, or a calendar cycle due on one day each year), the recertification window, the grace days
/// before a lapsed post is suspended, the pass mark, the default 脱密期 and the onboarding due days. The law fixes none of these.
/// </summary>
internal static class PolicyReader
{
    public static PolicyDoc? Read(ContentFile file, ReadContext context)
    {
        var map = YamlMap.Parse(file.Text, file.Path, 0, context.Problems);
        if (map is null)
        {
            return null;
        }

        map.OnlyKeys("certifications", "levels");
        var types = new List<CertificationTypeDoc>();
        foreach (var c in map.Maps("certifications"))
        {
            c.OnlyKeys("id", "name", "renews");
            if (c.Text("id") is { } id && c.Text("name") is { } name)
            {
                types.Add(new CertificationTypeDoc(id, name, c.Text("renews", required: false), c.Where));
            }
        }

        // A renewing type (年度保密复训合格) keeps another (上岗保密培训合格) current: one chain, one level deep.
        foreach (var type in types.Where(t => t.Renews is not null))
        {
            if (types.FirstOrDefault(t => t.Id == type.Renews) is not { } renewed || renewed.Id == type.Id)
            {
                map.Problem(type.Source, $"证书类型 '{type.Id}' 续期的证书类型 '{type.Renews}' 未在 certifications 中定义。");
            }
            else if (renewed.Renews is not null)
            {
                map.Problem(type.Source, $"证书类型 '{type.Id}' 续期的 '{renewed.Id}' 本身是续期证书；请指向最初的证书类型。");
            }
        }

        var levels = new List<LevelPolicyDoc>();
        foreach (var (name, where, l) in map.Entries("levels"))
        {
            l.OnlyKeys("required", "cycle", "dueMonthDay", "refresherMonths", "recertificationWindowDays", "graceDays", "passMark", "decryptionPeriodMonths", "onboardingDueDays", "annualHours");
            var level = l.ParseEnum(name, where, "levels", Aliases.Levels);
            var required = l.List("required");
            foreach (var (type, at) in required.Where(r => types.All(t => t.Id != r.Value)))
            {
                l.Problem(at, $"证书类型 '{type}' 未在 certifications 中定义。");
            }

            var cycle = l.Has("cycle") ? l.Enum("cycle", Aliases.Cycles) : CertificationCycle.Rolling;
            var dueMonthDay = l.Text("dueMonthDay", required: cycle == CertificationCycle.Calendar);
            if (cycle == CertificationCycle.Rolling && dueMonthDay is not null)
            {
                l.Problem(l.At("dueMonthDay"), "字段 'dueMonthDay' 只用于自然年周期（cycle: calendar）。");
                dueMonthDay = null;
            }
            else if (dueMonthDay is not null && RecertificationRules.ParseMonthDay(dueMonthDay) is null)
            {
                l.Problem(l.At("dueMonthDay"), $"字段 'dueMonthDay' 应为每年都有的月-日，如 12-31，实际为 '{dueMonthDay}'。");
                dueMonthDay = null;
            }

            // A calendar cycle is one year: refresherMonths may be left out, and if given it says 12.
            var refresher = l.Int("refresherMonths", 1, 120, fallback: cycle == CertificationCycle.Calendar ? 12 : null);
            if (cycle == CertificationCycle.Calendar && refresher is not null and not 12)
            {
                l.Problem(l.At("refresherMonths"), $"自然年周期为一年：字段 'refresherMonths' 可以省略，写则应为 12，实际为 '{refresher}'。");
                refresher = null;
            }

            var window = l.Int("recertificationWindowDays", 0, 365);
            var grace = l.Int("graceDays", 0, 365, fallback: 0);
            var passMark = l.Int("passMark", 1, 100);
            var decryption = l.Int("decryptionPeriodMonths", 0, 240);
            var dueDays = l.Int("onboardingDueDays", 1, 365);
            var annualHours = l.Int("annualHours", 0, 1000, fallback: 0);
            if (level is null || cycle is null || (cycle == CertificationCycle.Calendar && dueMonthDay is null) || refresher is null || window is null
                || grace is null || passMark is null || decryption is null || dueDays is null || annualHours is null)
            {
                continue;
            }

            if (levels.Any(x => x.Level == level))
            {
                l.Problem(where, $"岗位级别 {name} 重复。");
                continue;
            }

            levels.Add(new LevelPolicyDoc(level.Value, [.. required.Select(r => r.Value)], cycle.Value, dueMonthDay, refresher.Value, window.Value, grace.Value,
                passMark.Value, decryption.Value, dueDays.Value, annualHours.Value, where));
        }

        foreach (var missing in Enum.GetValues<PostLevel>().Where(level => levels.All(x => x.Level != level)))
        {
            map.Problem(map.At("levels"), $"缺少岗位级别 {missing}（{missing.ChineseName()}）的策略。");
        }

        foreach (var duplicate in types.GroupBy(t => t.Id).Where(g => g.Count() > 1))
        {
            map.Problem(duplicate.Last().Source, $"证书类型编号 '{duplicate.Key}' 重复。");
        }

        return new PolicyDoc(types, levels, map.Where);
    }
}
