/**
 * The CRM maturity check (issue 14 item 4): twelve questions, four for each of marketing, sales and
 * service, each answered on the same four-step scale, which is the four levels themselves said of
 * one practice. Plain data and arithmetic, in English and Chinese, so the app and the exports say the
 * same thing.
 *
 * Rules (so that a result is checkable):
 * - A process is at the highest level that at least three of its four answers reach (answers at or
 *   above it). One answer out of line neither lifts nor sinks a process; two do. Until all four are
 *   answered the process has no level.
 * - The firm is at the level of its least mature process: customer processes hand over to each other,
 *   so the weakest one sets the pace.
 * - The next step is one level up for each process below the top, never two: a firm climbs one level
 *   at a time (tools of level 4 on level-1 habits automate the chance).
 */

export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];
export const PROCESSES = ['marketing', 'sales', 'service'] as const;
export type Process = (typeof PROCESSES)[number];
export type Lang = 'en' | 'zh';

export interface Question {
  id: string;
  process: Process;
  text: Record<Lang, string>;
}

export const QUESTIONS: readonly Question[] = [
  { id: 'm1', process: 'marketing', text: { en: 'How are the target customers of a campaign chosen?', zh: '营销活动的目标客户是如何选定的？' } },
  { id: 'm2', process: 'marketing', text: { en: 'How are campaigns planned and run?', zh: '营销活动是如何策划和执行的？' } },
  { id: 'm3', process: 'marketing', text: { en: 'How is what a campaign brought measured?', zh: '营销活动的成效是如何衡量的？' } },
  { id: 'm4', process: 'marketing', text: { en: 'How is customer data kept for marketing (who they are, what they bought, what they said)?', zh: '营销所用的客户数据（客户是谁、买了什么、说了什么）是如何保存的？' } },
  { id: 's1', process: 'sales', text: { en: 'How are leads and opportunities followed up?', zh: '销售线索和商机是如何跟进的？' } },
  { id: 's2', process: 'sales', text: { en: 'How are key accounts planned and managed?', zh: '关键客户是如何规划和管理的？' } },
  { id: 's3', process: 'sales', text: { en: 'How are offers and quotes made?', zh: '报价和方案是如何制定的？' } },
  { id: 's4', process: 'sales', text: { en: 'How are the pipeline and the sales forecast reviewed?', zh: '销售漏斗和销售预测是如何检查的？' } },
  { id: 'v1', process: 'service', text: { en: 'How are customer requests and complaints handled?', zh: '客户的请求和投诉是如何处理的？' } },
  { id: 'v2', process: 'service', text: { en: 'How are customer satisfaction and loyalty followed?', zh: '客户满意度和忠诚度是如何跟踪的？' } },
  { id: 'v3', process: 'service', text: { en: 'How does what service learns reach marketing and sales?', zh: '服务部门了解到的情况如何传达给营销和销售？' } },
  { id: 'v4', process: 'service', text: { en: 'How are service levels set and kept?', zh: '服务水平是如何设定和保持的？' } },
];

/** The one answer scale: answer k places the practice at level k. */
export const ANSWERS: Record<Level, Record<Lang, string>> = {
  1: { en: 'It depends on who does it, case by case', zh: '取决于由谁来做，因事而异' },
  2: { en: 'By rules and habits the team shares', zh: '按团队共有的规则和习惯' },
  3: { en: 'By a defined customer process everyone works by', zh: '按人人遵循的既定客户流程' },
  4: { en: 'By that process, measured and improved from the figures', zh: '按既定流程，并依据数据衡量和改进' },
};

export const LEVEL_NAMES: Record<Level, Record<Lang, string>> = {
  1: { en: 'Success by chance', zh: '成功靠运气' },
  2: { en: 'Managed by rules and habits', zh: '靠规则和习惯管理' },
  3: { en: 'Customer processes as the way of working', zh: '以客户流程为工作方式' },
  4: { en: 'Measured and optimised everywhere', zh: '处处衡量与优化' },
};

export const PROCESS_NAMES: Record<Process, Record<Lang, string>> = {
  marketing: { en: 'Marketing', zh: '营销' },
  sales: { en: 'Sales', zh: '销售' },
  service: { en: 'Service', zh: '服务' },
};

/** The CRM tools that fit a level: from contact and productivity tools to analytics, automation and partner channels. */
export const TOOLS: Record<Level, Record<Lang, string[]>> = {
  1: {
    en: ['Contact management (one shared address book)', 'Productivity tools: shared calendars, e-mail templates, task lists'],
    zh: ['联系人管理（一个共享通讯录）', '效率工具：共享日历、邮件模板、任务清单'],
  },
  2: {
    en: ['A CRM system with one customer database', 'Sales pipeline and opportunity tracking', 'Service ticketing', 'Campaign lists and mailing'],
    zh: ['拥有统一客户数据库的 CRM 系统', '销售漏斗与商机跟踪', '服务工单', '营销活动名单与群发'],
  },
  3: {
    en: ['Key account management', 'Customer segments and value tiers in the CRM', 'Closed-loop campaign management', 'Service level management and a customer portal'],
    zh: ['关键客户管理', 'CRM 中的客户细分和价值层级', '闭环营销活动管理', '服务水平管理和客户门户'],
  },
  4: {
    en: ['Customer analytics: value, churn and propensity models', 'Marketing automation', 'Partner channel management', 'Dashboards that steer every process'],
    zh: ['客户分析：价值、流失和购买倾向模型', '营销自动化', '合作伙伴渠道管理', '指导每个流程的仪表板'],
  },
};

export type Answers = Record<string, Level>;

export interface ProcessResult {
  process: Process;
  answered: number;
  of: number;
  /** Null until every question of the process is answered. */
  level: Level | null;
  /** One level up, or null at the top (or without a level). */
  next: Level | null;
}

export interface Maturity {
  processes: ProcessResult[];
  /** The least mature process's level; null until all are placed. */
  level: Level | null;
  answered: number;
  of: number;
}

/** How many answers reach a level for a process to stand at it. */
export const QUORUM = 3;

/** The levels from the answers (see the top of the file); answers to unknown questions are ignored. */
export function assessMaturity(answers: Answers): Maturity {
  const processes = PROCESSES.map((process): ProcessResult => {
    const qs = QUESTIONS.filter((q) => q.process === process);
    const given = qs.map((q) => answers[q.id]).filter((a): a is Level => (LEVELS as readonly number[]).includes(a));
    let level: Level | null = null;
    if (given.length === qs.length) {
      level = 1;
      for (const l of LEVELS) if (given.filter((a) => a >= l).length >= Math.min(QUORUM, qs.length)) level = l;
    }
    return { process, answered: given.length, of: qs.length, level, next: level !== null && level < 4 ? ((level + 1) as Level) : null };
  });
  const placed = processes.every((p) => p.level !== null);
  return {
    processes,
    level: placed ? (Math.min(...processes.map((p) => p.level!)) as Level) : null,
    answered: processes.reduce((a, p) => a + p.answered, 0),
    of: QUESTIONS.length,
  };
}

const TOOL_SEPARATOR: Record<Lang, string> = { en: '; ', zh: '；' };

/** The result as rows for a table or an export: process, level, its name, the next step's tools. */
export function maturityRows(m: Maturity, lang: Lang): { process: string; level: number | null; levelName: string; fits: string; next: string }[] {
  return m.processes.map((p) => ({
    process: PROCESS_NAMES[p.process][lang],
    level: p.level,
    levelName: p.level ? LEVEL_NAMES[p.level][lang] : '',
    fits: p.level ? TOOLS[p.level][lang].join(TOOL_SEPARATOR[lang]) : '',
    next: p.next ? TOOLS[p.next][lang].join(TOOL_SEPARATOR[lang]) : '',
  }));
}
