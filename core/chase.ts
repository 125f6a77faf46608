/** 催报: the words the office sends to units that owe this round's report, one each and one for the group. */

export interface Owing {
  unit: string;
  tasks: number;
}

export interface ChaseMessages {
  perUnit: { unit: string; text: string }[];
  group: string;
}

export function chaseMessages(
  round: { period: string; deadline: string },
  ledgerTitle: string,
  owing: Owing[],
  unitPageUrl: string,
): ChaseMessages {
  const how = `请登录单位填报页（${unitPageUrl}）填报，或在 Excel 中拉取本单位报表填写后提交。`;
  return {
    perUnit: owing.map((o) => ({
      unit: o.unit,
      text:
        `【催报】${o.unit}：《${ledgerTitle}》${round.period}整改进展月报报送截止${round.deadline}，` +
        `贵单位${o.tasks}项任务的进展尚未报送。${how}`,
    })),
    group: owing.length
      ? `【催报】《${ledgerTitle}》${round.period}整改进展月报报送截止${round.deadline}，以下${owing.length}个单位尚未报送：` +
        `${owing.map((o) => o.unit).join('、')}。${how}`
      : '',
  };
}
