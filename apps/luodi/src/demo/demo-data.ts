// Word lists for the demo city. Cities and counties carry their real administrative division
// codes; towns, companies, people and projects are made up but read like the seed articles.

import type { ActivityType, IssueCategory, LeadSource } from '@luodi/domain';

export type CityTemplate = {
  code: string;
  name: string;
  /** How people refer to the city in company names: 濮阳, 驻马店. */
  short: string;
  counties: ReadonlyArray<readonly [code: string, name: string]>;
};

export const CITIES: readonly CityTemplate[] = [
  {
    code: '410900',
    name: '濮阳市',
    short: '濮阳',
    counties: [
      ['410902', '华龙区'],
      ['410922', '清丰县'],
      ['410923', '南乐县'],
      ['410926', '范县'],
      ['410927', '台前县'],
      ['410928', '濮阳县'],
      ['410971', '濮阳经济技术开发区'],
      ['410972', '濮阳工业园区'],
    ],
  },
  {
    code: '411700',
    name: '驻马店市',
    short: '驻马店',
    counties: [
      ['411702', '驿城区'],
      ['411721', '西平县'],
      ['411722', '上蔡县'],
      ['411723', '平舆县'],
      ['411724', '正阳县'],
      ['411725', '确山县'],
      ['411726', '泌阳县'],
      ['411727', '汝南县'],
      ['411728', '遂平县'],
      ['411729', '新蔡县'],
    ],
  },
  {
    code: '510700',
    name: '绵阳市',
    short: '绵阳',
    counties: [
      ['510703', '涪城区'],
      ['510704', '游仙区'],
      ['510705', '安州区'],
      ['510722', '三台县'],
      ['510723', '盐亭县'],
      ['510725', '梓潼县'],
      ['510726', '北川羌族自治县'],
      ['510727', '平武县'],
      ['510781', '江油市'],
    ],
  },
  {
    code: '420600',
    name: '襄阳市',
    short: '襄阳',
    counties: [
      ['420602', '襄城区'],
      ['420606', '樊城区'],
      ['420607', '襄州区'],
      ['420624', '南漳县'],
      ['420625', '谷城县'],
      ['420626', '保康县'],
      ['420682', '老河口市'],
      ['420683', '枣阳市'],
      ['420684', '宜城市'],
    ],
  },
];

export const TOWN_NAMES = [
  '柳屯',
  '文留',
  '庆祖',
  '八公桥',
  '户部寨',
  '子岸',
  '徐镇',
  '梁庄',
  '王称堌',
  '白堽',
  '固城',
  '马庄桥',
  '韩张',
  '仙庄',
  '杨韩',
  '千口',
  '元村',
  '古云',
  '五星',
  '高堤',
  '辛庄',
  '龙王庄',
  '张庄',
  '李家集',
  '双河',
  '新集',
  '桥头',
  '关帝',
  '沙河',
  '黄楼',
  '邓庄',
  '赵集',
  '梁集',
  '朱阁',
  '孙口',
  '打渔陈',
  '刘集',
  '观城',
  '石河',
  '冷水',
  '盛湾',
  '茨河',
  '五山',
  '庙滩',
  '紫金',
  '城关',
  '石花',
  '永宁',
] as const;

export const ZONE_SUFFIXES = [
  '经济开发区',
  '高新技术产业开发区',
  '产业集聚区',
  '化工产业园区',
] as const;

export type ChainTemplate = {
  code: string;
  name: string;
  weight: number;
  /** Used in investor and company names: 深圳市华锐{新材料科技}有限公司. */
  trade: string;
  /** Project names; {n} is replaced by a small number. */
  projects: readonly string[];
  /** Range for {n}. */
  n: readonly [number, number];
};

export const CHAINS: readonly ChainTemplate[] = [
  {
    code: 'NEW_MATERIALS',
    name: '新材料',
    weight: 12,
    trade: '新材料科技',
    n: [2, 20],
    projects: [
      '年产{n}万吨高性能复合材料项目',
      '碳纳米管导电剂项目',
      '年产{n}万吨电子级多晶硅项目',
      '高端铝合金精深加工项目',
      '年产{n}万吨特种玻璃纤维项目',
      '生物可降解材料生产基地项目',
      '高性能碳纤维及复合材料项目',
      '年产{n}万吨聚氨酯新材料项目',
    ],
  },
  {
    code: 'HYDROGEN',
    name: '氢能',
    weight: 6,
    trade: '氢能科技',
    n: [1, 10],
    projects: [
      '氢燃料电池电堆生产基地项目',
      '年产{n}000套氢燃料电池系统项目',
      '工业副产氢提纯及加氢站项目',
      '绿电制氢示范项目',
      '氢能重卡运营及加氢网络项目',
      '质子交换膜生产项目',
      '车载储氢瓶及供氢系统项目',
    ],
  },
  {
    code: 'EQUIPMENT',
    name: '装备制造',
    weight: 12,
    trade: '智能装备',
    n: [2, 30],
    projects: [
      '高端数控机床生产项目',
      '智能农机装备产业园项目',
      '年产{n}00台(套)石油钻采装备项目',
      '工业机器人及智能产线项目',
      '起重装备智能制造项目',
      '风电装备零部件制造项目',
      '伺服驱动器及精密减速器项目',
    ],
  },
  {
    code: 'AGRI_FOOD',
    name: '农产品加工',
    weight: 11,
    trade: '食品',
    n: [2, 30],
    projects: [
      '年产{n}万吨预制菜加工项目',
      '{n}0万头生猪屠宰及肉制品深加工项目',
      '中央厨房及冷链配送项目',
      '年产{n}万吨面制品深加工项目',
      '果蔬精深加工产业园项目',
      '乳制品加工项目',
      '粮食仓储及精深加工项目',
    ],
  },
  {
    code: 'TEXTILES',
    name: '纺织服装',
    weight: 7,
    trade: '纺织',
    n: [5, 50],
    projects: [
      '年产{n}万锭高端纺纱项目',
      '智能化服装生产基地项目',
      '功能性面料研发生产项目',
      '羽绒制品加工项目',
      '产业用纺织品项目',
      '针织服装产业园项目',
    ],
  },
  {
    code: 'ELECTRONICS',
    name: '电子信息',
    weight: 9,
    trade: '电子科技',
    n: [1, 20],
    projects: [
      '光电显示模组生产项目',
      '半导体封装测试项目',
      '高多层PCB线路板生产项目',
      '智能终端产业园项目',
      '光通信器件生产项目',
      '传感器研发生产基地项目',
    ],
  },
  {
    code: 'BIOMEDICINE',
    name: '生物医药',
    weight: 7,
    trade: '生物医药',
    n: [1, 10],
    projects: [
      '原料药及制剂生产项目',
      '医疗器械产业园项目',
      '中药饮片及配方颗粒项目',
      '生物发酵及酶制剂项目',
      '医用耗材生产项目',
      '兽用疫苗生产基地项目',
    ],
  },
  {
    code: 'NEV',
    name: '新能源汽车',
    weight: 8,
    trade: '新能源',
    n: [2, 20],
    projects: [
      '新能源动力电池梯次利用项目',
      '年产{n}GWh锂电池项目',
      '新能源专用车生产基地项目',
      '汽车零部件智能制造项目',
      '电机电控系统生产项目',
      '充换电设备制造项目',
    ],
  },
  {
    code: 'LOGISTICS',
    name: '现代物流',
    weight: 6,
    trade: '供应链管理',
    n: [1, 10],
    projects: [
      '智慧物流园项目',
      '冷链物流中心项目',
      '公铁联运物流枢纽项目',
      '电商快递分拨中心项目',
      '大宗商品交易及仓储项目',
    ],
  },
  {
    code: 'CULTURE_TOURISM',
    name: '文化旅游',
    weight: 6,
    trade: '文化旅游发展',
    n: [1, 10],
    projects: [
      '文旅综合体项目',
      '乡村旅游度假区项目',
      '研学实践教育基地项目',
      '黄河文化主题公园项目',
      '康养旅游小镇项目',
      '温泉度假酒店项目',
    ],
  },
  {
    code: 'GREEN_CHEMICAL',
    name: '绿色化工',
    weight: 8,
    trade: '化工',
    n: [2, 60],
    projects: [
      '年产{n}万吨工业气体项目',
      '年产{n}万吨可降解塑料PBAT项目',
      '电子化学品生产项目',
      '二氧化碳捕集利用项目',
      '精细化工新材料项目',
      '年产{n}万吨生物基化学品项目',
    ],
  },
  {
    code: 'DIGITAL_ECONOMY',
    name: '数字经济',
    weight: 7,
    trade: '数字科技',
    n: [1, 10],
    projects: [
      '大数据中心项目',
      '数字经济产业园项目',
      '算力中心项目',
      '工业互联网平台项目',
      '软件和信息服务外包基地项目',
      '跨境电商产业园项目',
    ],
  },
];

/** Where investors come from: the city in the company name, and the `origin` field. */
export const ORIGINS: ReadonlyArray<readonly [city: string, origin: string, weight: number]> = [
  ['深圳市', '广东深圳', 10],
  ['广州市', '广东广州', 5],
  ['东莞市', '广东东莞', 4],
  ['上海', '上海', 9],
  ['苏州', '江苏苏州', 7],
  ['无锡', '江苏无锡', 4],
  ['常州', '江苏常州', 4],
  ['杭州', '浙江杭州', 7],
  ['宁波', '浙江宁波', 5],
  ['北京', '北京', 7],
  ['天津', '天津', 3],
  ['郑州', '河南郑州', 6],
  ['武汉', '湖北武汉', 5],
  ['成都', '四川成都', 5],
  ['青岛', '山东青岛', 4],
  ['厦门', '福建厦门', 3],
  ['合肥', '安徽合肥', 4],
  ['西安', '陕西西安', 3],
];

export const FOREIGN_ORIGINS: ReadonlyArray<
  readonly [prefix: string, suffix: string, origin: string]
> = [
  ['香港', '投资有限公司', '中国香港'],
  ['新加坡', '控股私人有限公司', '新加坡'],
  ['', '(德国)有限公司', '德国'],
  ['', '(日本)株式会社', '日本'],
  ['', '(韩国)株式会社', '韩国'],
  ['台湾', '股份有限公司', '中国台湾'],
];

export const BRAND_CHARS = [
  '华',
  '瑞',
  '恒',
  '泰',
  '鑫',
  '宏',
  '盛',
  '达',
  '中',
  '科',
  '创',
  '远',
  '通',
  '源',
  '嘉',
  '信',
  '联',
  '德',
  '博',
  '安',
  '隆',
  '丰',
  '汇',
  '晟',
  '美',
  '新',
  '金',
  '海',
  '天',
  '明',
  '锐',
  '峰',
  '誉',
  '凯',
  '诚',
  '力',
  '正',
  '弘',
  '航',
  '众',
] as const;

export const COMPANY_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['有限公司', 6],
  ['股份有限公司', 2],
  ['集团有限公司', 1],
];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '韩',
  '唐',
  '冯',
  '于',
  '董',
  '程',
] as const;

export const GIVEN_NAMES = [
  '建国',
  '卫东',
  '志强',
  '海军',
  '立新',
  '红霞',
  '晓东',
  '明',
  '伟',
  '静',
  '建华',
  '国庆',
  '秀英',
  '新民',
  '振华',
  '丽娟',
  '文斌',
  '雪梅',
  '宏伟',
  '春生',
  '永刚',
  '敏',
  '磊',
  '丹',
] as const;

export const LEAD_SOURCE_WEIGHTS: ReadonlyArray<readonly [LeadSource, number]> = [
  ['EXISTING_INVESTOR', 25],
  ['HOMETOWN_ENTREPRENEUR', 18],
  ['RESIDENT_TEAM', 17],
  ['FAIR', 15],
  ['LEADERSHIP_VISIT', 12],
  ['ONLINE', 8],
  ['OTHER', 5],
];

export const ISSUE_TEXTS: Record<
  IssueCategory,
  { weight: number; unit: string; texts: readonly string[]; notes: readonly string[] }
> = {
  LAND: {
    weight: 25,
    unit: '自然资源局',
    texts: [
      '项目用地指标尚未落实',
      '土地征收涉及群众搬迁,进度滞后',
      '用地规划调整待批复',
      '二期用地约120亩尚未组卷报批',
    ],
    notes: ['已调剂用地指标并完成组卷报批', '征迁工作已完成,土地已交付', '规划调整已获批复'],
  },
  POWER: {
    weight: 10,
    unit: '供电公司',
    texts: ['需新建110千伏专用变电站', '施工临时用电尚未接入', '生产用电增容申请未批复'],
    notes: ['临时用电已接通', '专用线路已纳入电网年度建设计划并开工', '增容已批复'],
  },
  WATER: {
    weight: 5,
    unit: '水利局',
    texts: ['工业用水管网未铺设到厂区', '取水许可办理进度慢'],
    notes: ['供水管网已铺设到位', '取水许可已办结'],
  },
  FINANCING: {
    weight: 15,
    unit: '金融工作局',
    texts: [
      '项目贷款审批进度慢,资金缺口约8000万元',
      '企业申请设备融资租赁支持',
      '流动资金贷款需协调银行授信',
    ],
    notes: ['已协调银行授信2亿元', '融资租赁已落地', '专项贷款已发放'],
  },
  LABOUR: {
    weight: 8,
    unit: '人力资源和社会保障局',
    texts: ['熟练技术工人招工难,缺口约300人', '企业需要高层次研发人才'],
    notes: ['已组织专场招聘会,招工到位', '已纳入人才引进计划并落实安家补贴'],
  },
  APPROVAL: {
    weight: 22,
    unit: '行政审批和政务信息管理局',
    texts: [
      '环评批复尚未取得',
      '能评审查进度滞后',
      '施工许可证办理中,影响开工',
      '消防设计审查需协调',
    ],
    notes: ['环评已批复', '能评已通过审查', '施工许可证已核发', '已开通绿色通道并办结'],
  },
  POLICY_FUNDS: {
    weight: 10,
    unit: '财政局',
    texts: ['设备补贴资金尚未兑现', '招商引资奖励政策兑现滞后', '厂房代建租金减免需明确'],
    notes: ['补贴资金已拨付到位', '奖励资金已兑现', '已签订代建租金减免协议'],
  },
  OTHER: {
    weight: 5,
    unit: '住房和城乡建设局',
    texts: ['厂区连接道路未打通', '天然气管道未接入厂区'],
    notes: ['道路已打通', '燃气管道已接通'],
  },
};

export const ACTIVITY_NOTES: Record<ActivityType, { weight: number; notes: readonly string[] }> = {
  VISIT: {
    weight: 35,
    notes: [
      '赴{origin}拜访投资方总部',
      '招商小分队赴{origin}对接企业高层',
      '县领导带队赴{origin}开展顶格招商',
    ],
  },
  RECEPTION: {
    weight: 30,
    notes: ['接待投资方来{city}考察项目选址', '陪同企业考察标准化厂房', '接待企业技术团队实地踏勘'],
  },
  MEETING: {
    weight: 25,
    notes: [
      '召开项目洽谈会,就用地和设备投资进行对接',
      '就投资协议条款进行第二轮洽谈',
      '专班会商项目落地要素保障',
    ],
  },
  PROMOTION_EVENT: {
    weight: 10,
    notes: [
      '参加{city}(深圳)产业链招商推介会',
      '在中国国际投资贸易洽谈会上对接',
      '参加豫商大会项目推介',
    ],
  },
};

export const DROP_REASONS = [
  '投资方资金链紧张,暂缓投资',
  '投资方战略调整,项目转投他地',
  '用地条件无法满足企业要求',
  '环评要求无法满足,项目终止',
  '对接半年无实质进展,转为储备线索',
  '企业经营困难,项目终止',
] as const;

export const REACTIVATION_REASONS = [
  '投资方引入新股东后恢复洽谈',
  '用地问题解决,企业重新启动项目',
  '市领导赴企业拜访后恢复推进',
] as const;

export const RESCHEDULE_REASONS = [
  '环评批复延后',
  '土地征收进度滞后',
  '设备采购周期延长',
  '受雨季影响施工延期',
  '企业调整建设方案',
  '融资到位延迟',
] as const;

// ---------------------------------------------------------------------------------------------
// 督查督办: what the 周例会 decides, and what units write on a 督办单

/**
 * A 会议议定事项: its text and the units that take such a matter. `{p}` is the project's name,
 * `{county}` the county concerned, `{short}` the city's short name; a unit `{county}政府` is the
 * county's government (a development zone's 管委会).
 */
export type DecisionTemplate = { text: string; units: readonly string[]; weight: number };

/** Decisions about one project, by the stage it is in on the meeting day. */
export const PROJECT_DECISIONS: Record<
  'NEGOTIATING' | 'SIGNED' | 'REGISTERED' | 'UNDER_CONSTRUCTION',
  readonly DecisionTemplate[]
> = {
  NEGOTIATING: [
    {
      text: '加快推进{p}合同谈判,力争在下次集中签约活动上签约',
      units: ['市投资促进局', '{county}政府'],
      weight: 3,
    },
    { text: '组织{p}投资方来{short}实地考察,落实项目选址', units: ['{county}政府'], weight: 2 },
  ],
  SIGNED: [
    {
      text: '督促{p}投资方尽快完成工商注册,按期落户',
      units: ['{county}政府', '市市场监管局'],
      weight: 3,
    },
    { text: '加快{p}用地预审和规划选址', units: ['市自然资源和规划局'], weight: 3 },
    { text: '协调{p}土地征收和地面附着物清理', units: ['{county}政府'], weight: 2 },
    { text: '督促{p}投资方首期资金按合同到位', units: ['{county}政府', '市商务局'], weight: 2 },
  ],
  REGISTERED: [
    { text: '加快办理{p}施工许可', units: ['市住房城乡建设局', '市行政审批服务局'], weight: 3 },
    { text: '协调{p}环评批复,开辟审批绿色通道', units: ['市生态环境局'], weight: 2 },
    {
      text: '协调解决{p}施工临时用电和用水接入',
      units: ['国网{short}供电公司', '{county}政府'],
      weight: 2,
    },
    { text: '督促{p}尽快开工建设,倒排工期、挂图作战', units: ['{county}政府'], weight: 3 },
  ],
  UNDER_CONSTRUCTION: [
    { text: '协调解决{p}用电增容', units: ['市发展改革委', '国网{short}供电公司'], weight: 3 },
    { text: '督促{p}投资方资金按进度到位', units: ['{county}政府', '市商务局'], weight: 3 },
    { text: '打通{p}厂区连接道路', units: ['市交通运输局', '{county}政府'], weight: 2 },
    { text: '协调{p}招工用工,组织专场招聘', units: ['市人力资源社会保障局'], weight: 1 },
    {
      text: '加快{p}设备进场安装,确保按期投产',
      units: ['{county}政府', '市经济和信息化局'],
      weight: 2,
    },
  ],
};

/** Decisions that concern no single project: the whole city, or one county (`{county}`). */
export const GENERAL_DECISIONS: ReadonlyArray<DecisionTemplate & { scope: 'CITY' | 'COUNTY' }> = [
  {
    scope: 'CITY',
    text: '梳理签约三个月未开工项目清单,逐个明确包联领导和开工时间',
    units: ['市投资促进局'],
    weight: 3,
  },
  {
    scope: 'CITY',
    text: '核实各县区实到资金佐证材料,确保数据真实准确',
    units: ['市商务局', '市统计局'],
    weight: 2,
  },
  {
    scope: 'CITY',
    text: '筹备下次集中签约活动,提前落实签约项目清单',
    units: ['市投资促进局'],
    weight: 2,
  },
  {
    scope: 'CITY',
    text: '推行"拿地即开工"审批模式,压缩施工许可办理时限',
    units: ['市行政审批服务局', '市住房城乡建设局'],
    weight: 2,
  },
  {
    scope: 'CITY',
    text: '清理问题协调台账,逾期未解决问题提交市级协调',
    units: ['市发展改革委'],
    weight: 2,
  },
  {
    scope: 'CITY',
    text: '兑现招商引资奖励资金,督促县区落实政策承诺',
    units: ['市财政局'],
    weight: 1,
  },
  {
    scope: 'CITY',
    text: '开展"三个一批"项目集中开工准备,梳理具备开工条件项目',
    units: ['市发展改革委'],
    weight: 2,
  },
  {
    scope: 'CITY',
    text: '组织重点产业链招商推介会,落实参会企业名单',
    units: ['市投资促进局', '市经济和信息化局'],
    weight: 1,
  },
  {
    scope: 'COUNTY',
    text: '对超期未开工项目逐一约谈投资方,形成书面说明',
    units: ['{county}政府'],
    weight: 3,
  },
  {
    scope: 'COUNTY',
    text: '加快标准化厂房建设,满足落地项目拎包入驻需求',
    units: ['{county}政府'],
    weight: 2,
  },
  {
    scope: 'COUNTY',
    text: '排查在谈项目进展,对三个月无进展项目提出处置意见',
    units: ['{county}政府'],
    weight: 2,
  },
  {
    scope: 'COUNTY',
    text: '加快园区水电气路配套建设,确保项目落地即可施工',
    units: ['{county}政府'],
    weight: 1,
  },
  {
    scope: 'COUNTY',
    text: '落实项目包联责任,包联领导每月到项目现场办公',
    units: ['{county}政府'],
    weight: 1,
  },
];

/** What units and supervisors write on a 督办单 (签收, 办理, 反馈, 复核, 办结). */
export const SUPERVISION_NOTES = {
  acknowledge: [
    '已签收,明确专人跟踪办理',
    '已签收,已报分管领导',
    '已签收,由招商专班牵头办理',
    '收到督办单,已列入本周重点工作',
  ],
  review: {
    approved: [
      '经核实,整改措施已落实,同意办结',
      '反馈情况属实,同意办结,继续跟踪',
      '经电话回访企业,情况属实',
      '经现场核查,已按要求落实',
    ],
    returned: [
      '反馈内容未见实质性进展,退回继续办理',
      '缺少佐证材料,请补充后重新反馈',
      '措施不具体,请明确完成时限后再报',
    ],
  },
  close: ['复核通过,予以办结', '已办结,纳入常态化跟踪', '经复核已落实,予以销号'],
  /** 办理中 and 反馈 notes by what the item is about. */
  DEADLINE: {
    progress: [
      '已约谈投资方,企业承诺本月底前补齐手续',
      '已召开专题协调会,梳理出用地、审批等制约因素',
      '包联领导已赴企业现场办公,协调资金和施工队伍',
    ],
    done: [
      '已与投资方签订承诺书,重新明确节点并报送推进计划',
      '制约因素已协调解决,县级专班每周跟踪进度',
    ],
  },
  COMMITMENT_SLIPPED: {
    progress: ['已核实期限调整原因,系企业融资进度滞后', '已约谈企业负责人,要求说明调整原因'],
    done: ['已督促企业出具书面说明,重新明确节点,原则上不再调整'],
  },
  NEGOTIATION_STALLED: {
    progress: ['已再次对接投资方,约定近期来{short}考察', '已请链长单位出面对接企业高层'],
    done: ['已与投资方重新约谈,形成合作框架意见', '经研判企业投资意愿不强,拟转入储备线索'],
  },
  ISSUE: {
    progress: ['问题已提交县级协调会研究,正在办理', '已与相关部门对接,形成初步解决方案'],
    done: ['已明确牵头单位和解决时限,正在按计划推进', '已形成解决方案,企业已确认'],
  },
  DECISION: {
    progress: [
      '已召开专题会议研究,正在推进',
      '已与相关单位对接,形成初步方案',
      '已完成前期对接,等待企业提交材料',
    ],
    done: ['已按会议要求落实完毕', '已协调解决,企业已确认', '已办理完毕,相关材料已归档'],
  },
} as const;
