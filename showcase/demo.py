"""The demo showcase: Pillow-drawn pictures and the Chinese and English page trees.

``seed_showcase`` builds Root → 首页 (home) → 巾帼好品 / 合作社 / 妈妈的故事 in zh-hans, one page
per product, cooperative and story, and an English translation of every page made with
``copy_for_translation`` so both trees share translation keys. Texts live in ``T(zh, en)`` pairs
below, so the two languages cannot drift apart. Pages and pictures are found again by slug (under
their parent) and by title, so a second run adds nothing. The stories and quotes are invented, in
the spirit of the Qingdao news report in ``seed/``; the people in them are fictional.
"""

import html
import io
import math
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.utils.file import hash_filelike

from PIL import Image, ImageDraw

from marketplace.models import Cooperative, Product
from showcase.models import (
    CooperativeIndexPage,
    CooperativePage,
    HomePage,
    ProductIndexPage,
    ProductPage,
    ProductPageGalleryImage,
    StoryIndexPage,
    StoryKind,
    StoryPage,
)

# ---------------------------------------------------------------------------------------------
# Content: every text is a T(zh, en) pair; pictures are Pic(key, motif, variant).
# ---------------------------------------------------------------------------------------------


class T(NamedTuple):
    zh: str
    en: str

    def of(self, lang: str) -> str:
        return getattr(self, lang)


class Pic(NamedTuple):
    """A picture to draw: ``key`` names it (and seeds it), ``zoom`` > 1 gives a close-up."""

    key: str
    motif: str
    variant: str = ""
    zoom: float = 1.0


class Heading(NamedTuple):
    text: T


class Para(NamedTuple):
    text: T


class Quote(NamedTuple):
    text: T
    who: T


class Figure(NamedTuple):
    pic: Pic
    alt: T
    caption: T


WHO = {
    "wang": T("王秀兰，彩虹手编", "Wang Xiulan, Rainbow Handweaving"),
    "zhou": T("周晓红，彩虹手编", "Zhou Xiaohong, Rainbow Handweaving"),
    "chen": T("陈静，喜我我花饽饽", "Chen Jing, Xiwowo Decorative Buns"),
    "yang": T("杨敏，喜我我花饽饽", "Yang Min, Xiwowo Decorative Buns"),
    "zhao": T("赵燕，开心家庭农场", "Zhao Yan, Happy Family Farm"),
    "huang": T("黄丽娟，巧手布艺坊", "Huang Lijuan, Clever Hands Fabric Crafts"),
    "zhang": T("张丽，彩虹手编、巧手布艺坊", "Zhang Li, Rainbow Handweaving and Clever Hands"),
}

QUOTES = {
    "caihong": [
        Quote(
            T(
                "孩子上学以后我就在家编，一天编几个自己说了算，一个月能给家里添两千多块。",
                "Once the children are at school I weave at home, and I decide how many a day. "
                "It adds over two thousand yuan a month to our household.",
            ),
            WHO["wang"],
        ),
        Quote(
            T(
                "以前总觉得手艺是老人的事，现在我编的结挂进了别人家的新房。",
                "I used to think crafts were for the old folk. Now knots I made hang in other "
                "people's new homes.",
            ),
            WHO["zhou"],
        ),
    ],
    "xiwowo": [
        Quote(
            T(
                "现在上班比以前晚半个小时，下班早半个小时，能接送孩子，还有一份收入。",
                "I start half an hour later and finish half an hour earlier than before. I take "
                "the children to school and back, and I still earn.",
            ),
            WHO["chen"],
        ),
        Quote(
            T(
                "捏面花跟带孩子一样，急不得，得有耐心。",
                "Shaping dough flowers is like raising children: you can't rush it, it takes "
                "patience.",
            ),
            WHO["yang"],
        ),
    ],
    "kaixin": [
        Quote(
            T(
                "农场就在家门口，孩子放学路过，还能进来看看我。",
                "The farm is on my doorstep; the children drop in to see me on their way home "
                "from school.",
            ),
            WHO["zhao"],
        ),
    ],
    "qiaoshou": [
        Quote(
            T(
                "我在驿站学刺绣，孩子就在隔壁屋里玩，隔着窗户就能看见。",
                "I learn embroidery at the station while my little one plays next door — I can "
                "see him through the window.",
            ),
            WHO["huang"],
        ),
        Quote(
            T(
                "白天编中国结，晚上缝布老虎，两样手艺，两份收入。",
                "Chinese knots by day, cloth tigers in the evening: two crafts, two incomes.",
            ),
            WHO["zhang"],
        ),
    ],
}

CRAFTS = {
    "chinese-knots": (
        T("一根红绳，在家里编", "One red cord, woven at home"),
        T(
            "彩虹手编的妈妈们先在广州路社区“妈妈岗”驿站的培训学校学会编织，再把红绳领回家编。接多少单，由她们"
            "根据自己的时间和能力决定。编好的结交到驿站，协调员逐只验收：结形端正、松紧均匀、颜色无误才算合格，"
            "合格一只，计一只的工钱。",
            "Rainbow Handweaving's mothers learn the craft at the training school of the Guangzhou "
            "Road mama-post station, then take the cord home. How many pieces each one takes is "
            "her own decision, by her own time and ability. Finished knots are handed in at the "
            "station, where the coordinator inspects every one — even shape, even tension, the "
            "right colour — and every accepted piece is paid.",
        ),
    ),
    "huabobo": (
        T("一团面，蒸出胶东的年味", "A lump of dough, steamed into a Jiaodong festival"),
        T(
            "花饽饽用本地小麦粉和老面发酵，颜色来自南瓜、紫薯、菠菜和红曲。工坊实行弹性工时：妈妈们比一般上班"
            "晚到半小时、早走半小时，接送孩子两不误。",
            "Our buns are made with local wheat flour and a sourdough starter, coloured with "
            "pumpkin, purple sweet potato, spinach and red yeast rice. The workshop runs flexible "
            "hours: mothers start half an hour later and finish half an hour earlier than in a "
            "usual job, so no school run is missed.",
        ),
    ),
    "farm-goods": (
        T("从地头到您家", "From our fields to your door"),
        T(
            "开心家庭农场是一家人经营的家庭农场，入选青岛市巾帼特色项目。分拣、包装的活儿交给附近的妈妈们，"
            "活多活少提前在驿站公布，时间自己挑，按件计酬。",
            "Happy Family Farm is a family-run farm and one of Qingdao's featured women-led "
            "projects. Sorting and packing go to mothers who live nearby: the work is posted at "
            "the station in advance, each chooses her hours, and pay is by the piece.",
        ),
    ),
    "fabric-crafts": (
        T("针线里的老手艺", "An old craft in needle and thread"),
        T(
            "巧手布艺坊在驿站二楼的手工教室开课，老一辈绣娘教年轻妈妈们剪样、刺绣、缝制。孩子就在隔壁的母婴室，"
            "由社区的兼职社工照看，妈妈们安心学手艺，学成后在家接活。",
            "Clever Hands holds its classes in the craft room on the station's second floor, "
            "where older embroiderers teach young mothers to cut patterns, embroider and sew. "
            "Next door, part-time social workers look after the children in the mother-and-baby "
            "room; once trained, the mothers take the work home.",
        ),
    ),
    "laixi-gifts": (
        T("莱西有礼", "Gifts from Laixi"),
        T(
            "水集街道社区驿站设有“巾帼好品·莱西有礼”展区，集中展示莱西市妇女创业创新的成果。礼盒里的每一样"
            "东西，都出自一家妇字号企业。",
            "The Shuiji community station has a 'Fine Goods by Women · Gifts from Laixi' display "
            "of what Laixi's women entrepreneurs make. Everything in this box comes from a "
            "women-led business.",
        ),
    ),
}


@dataclass(frozen=True)
class ProductCopy:
    """The showcase texts of one product; its name and price come from the Product."""

    motif: str
    variant: str
    intro: T
    alt: T
    story: T
    gallery: tuple[T, ...]
    featured: bool = False


PRODUCT_COPY = {
    "CH-KNOT-8R": ProductCopy(
        "knot",
        "peace",
        T(
            "八寸大红平安结，一根红绳从头编到尾，挂在门厅、窗前都喜庆。每一只都出自水集街道妈妈们的手。",
            "An eight-inch red peace knot, braided from a single cord from start to finish — "
            "cheerful by a front door or a window. Every one is made by a mother in Shuiji.",
        ),
        T(
            "一只红色平安结挂饰，下面坠着金色珠子和红色流苏",
            "A red peace knot with a gold bead and a red tassel",
        ),
        T(
            "平安结是彩虹手编接得最多的单子，也是驿站培训学校教的第一课。一只八寸平安结要用两米四左右的红绳，"
            "熟练的妈妈一个多小时能编好，再修剪线头、定型、穿流苏，交到驿站验收。",
            "The peace knot is Rainbow Handweaving's most-ordered piece and the first lesson at "
            "the station's training school. An eight-inch knot takes about 2.4 metres of cord; a "
            "practised mother finishes one in just over an hour, then trims, shapes and adds the "
            "tassel before handing it in at the station.",
        ),
        (T("平安结编织纹路的特写", "Close-up of the woven pattern of the peace knot"),),
        featured=True,
    ),
    "CH-KNOT-FU": ProductCopy(
        "knot",
        "fu",
        T(
            "大号盘长结，中间嵌一方福字牌，寓意福气绵长。按订单编织，约两周发货，适合新居、新店和春节。",
            "A large endless knot set around a 福 (good fortune) plaque — luck without end. Woven "
            "to order and dispatched in about two weeks; made for new homes, new shops and the "
            "Spring Festival.",
        ),
        T(
            "一只大号红色盘长结，中间是金色菱形福字牌",
            "A large red endless knot with a gold diamond-shaped 福 plaque in the centre",
        ),
        T(
            "盘长结是中国结里最见功夫的一种：几十个交叉点，每一处都要压挑分明、松紧一致。大号福字结通常由两三位"
            "手艺最好的妈妈分工完成，有人编主体，有人做耳翼和流苏。订单一来，合作社发布工单，妈妈们按自己的时间"
            "认领。",
            "The endless knot is the most demanding of Chinese knots: dozens of crossings, each "
            "one clearly over or under and each as tight as the last. A large 福 knot is usually "
            "shared by two or three of the most skilled mothers — one weaves the body, another "
            "the ears and the tassel. When an order comes in, the cooperative posts a production "
            "order and the mothers claim pieces as their time allows.",
        ),
        (
            T("盘长结边缘的耳翼", "The looped ears along the edge of the endless knot"),
            T("福字牌和流苏", "The 福 plaque and the tassel"),
        ),
        featured=True,
    ),
    "CH-KNOT-CAR": ProductCopy(
        "knot",
        "car",
        T(
            "小巧的车挂平安结，串三颗木珠，挂在后视镜上，一路平安。",
            "A small peace knot strung with three wooden beads for the rear-view mirror: safe "
            "travels, every trip.",
        ),
        T("一只小号红色平安结，上方串着木珠", "A small red peace knot with wooden beads above it"),
        T(
            "车挂结个头小、编得快，是刚结业的妈妈练手的好活儿。接孩子前的一个小时，能编好三四只。",
            "Car knots are small and quick — good practice for mothers who have just finished "
            "the course. In the hour before school pick-up, a mother can make three or four.",
        ),
        (T("车挂结的木珠和挂绳", "The wooden beads and the hanging cord"),),
    ),
    "CH-KNOT-WED": ProductCopy(
        "knot",
        "wedding",
        T(
            "一对红金配色的婚庆结，成双成对，挂在新房门口或婚车上。可按婚期定制颜色，约十天发货。",
            "A pair of red-and-gold wedding knots for the bridal-room door or the wedding car. "
            "Colours can be matched to the wedding; dispatched in about ten days.",
        ),
        T(
            "一对带金色福字牌和流苏的红色婚庆结",
            "A pair of red wedding knots with gold plaques and tassels",
        ),
        T(
            "婚庆结要成对交付，两只的大小、松紧必须一模一样。验收时，协调员把两只并排比对，差一点都要返工。",
            "Wedding knots are delivered in pairs, and the two must match exactly in size and "
            "tension. At inspection the coordinator lays them side by side; if they differ, they "
            "go back for rework.",
        ),
        (
            T("婚庆结的金色福字牌", "The gold plaque of a wedding knot"),
            T("成对的婚庆结并排挂着", "The pair of wedding knots hanging side by side"),
        ),
    ),
    "CH-KNOT-BRC": ProductCopy(
        "knot",
        "bracelet",
        T(
            "细红绳手编的转运手链，配一颗金色小珠，本命年、考试季都戴得上。这一批已经卖完，妈妈们正在赶制。",
            "A fine red-cord bracelet with a small gold bead — for a zodiac year or exam season. "
            "This batch is sold out; the mothers are making more.",
        ),
        T("一条编织红绳手链，中间有一颗金色珠子", "A braided red-cord bracelet with a gold bead"),
        T(
            "手链是金刚结一个接一个编出来的，一条要打四十多个结。很多妈妈坐在孩子旁边编，孩子作业写完，手链也编好了。",
            "Each bracelet is a chain of diamond knots, more than forty of them. Many mothers "
            "braid beside their children at homework time — when the homework is done, so is the "
            "bracelet.",
        ),
        (T("手链上的金刚结", "The diamond knots of the bracelet"),),
    ),
    "CH-KNOT-KEY": ProductCopy(
        "knot",
        "keyring",
        T(
            "十只迷你中国结钥匙扣，红、粉、金三色混装，送同事、送同学都合适。",
            "Ten mini Chinese-knot key rings in mixed red, pink and gold — little gifts for "
            "colleagues or classmates.",
        ),
        T("三排彩色迷你中国结钥匙扣", "Three rows of colourful mini Chinese-knot key rings"),
        T(
            "钥匙扣用的是编大结剩下的零绳，一点不浪费。小件也计件：每验收一只，妈妈的收入账上就多一笔。",
            "Key rings use the cord left over from the big knots, so nothing goes to waste. Small "
            "pieces are paid by the piece too: every accepted key ring adds a line to its maker's "
            "earnings.",
        ),
        (T("钥匙扣上的小盘长结", "A tiny endless knot on a key ring"),),
    ),
    "CH-KNOT-BULK": ProductCopy(
        "knot",
        "bulk",
        T(
            "为企业年会、开业庆典和节日礼品定制的中国结，一百只起订，颜色尺寸可选，约三周交付。大单由几十位妈妈"
            "分单完成。",
            "Chinese knots made for company celebrations, shop openings and festival gifts: from "
            "100 pieces, in your choice of colour and size, delivered in about three weeks. Big "
            "orders are shared among dozens of mothers.",
        ),
        T("整整齐齐排成几行的小中国结", "Rows of small Chinese knots laid out neatly"),
        T(
            "下单后，合作社把订单变成工单发布出去，每位妈妈根据自己的时间和能力决定接多少：有人接十五只，有人接"
            "一百二十只。您可以在订单页看到有几位妈妈在做、已经完成了多少。",
            "Once you order, the cooperative turns it into a production order and each mother "
            "decides, by her own time and ability, how many to take — fifteen for one, a hundred "
            "and twenty for another. Your order page shows how many mothers are making it and "
            "how many pieces are done.",
        ),
        (
            T("一批待验收的定制中国结", "A batch of custom knots waiting for inspection"),
            T("定制中国结的流苏", "The tassels of the custom knots"),
        ),
    ),
    "XW-BB-PEACH": ProductCopy(
        "bun",
        "peach",
        T(
            "胶东人给老人祝寿，少不了寿桃饽饽。面发得暄软，桃尖点一抹粉红，配两片绿叶，八个一盒，现做现发。",
            "No birthday of a Jiaodong grandparent is complete without longevity-peach buns: "
            "soft, well-risen dough, a blush of pink on each tip and two green leaves. Eight to a "
            "box, steamed to order.",
        ),
        T(
            "蒸笼里摆着两排寿桃形的白色花饽饽，桃尖是粉色的",
            "Two rows of white peach-shaped buns with pink tips in a bamboo steamer",
        ),
        T(
            "花饽饽是胶东的老手艺，逢年过节、婚嫁祝寿都要蒸。喜我我的面点师傅都是附近村里的妈妈，早上送完孩子来"
            "工坊，下午孩子放学前下班。",
            "Huabobo are an old Jiaodong craft, steamed for festivals, weddings and birthdays. "
            "Xiwowo's bakers are mothers from the nearby villages: they come to the workshop "
            "after the school run and leave before school lets out.",
        ),
        (
            T("寿桃饽饽的粉色桃尖", "The pink tip of a longevity peach"),
            T("刚出笼的寿桃饽饽", "Peach buns fresh from the steamer"),
        ),
        featured=True,
    ),
    "XW-BB-FISH": ProductCopy(
        "bun",
        "fish",
        T(
            "鱼形花饽饽，鳞片用梳子一片片压出来，寓意年年有余，是春节餐桌上的压轴。",
            "A fish-shaped bun, each scale pressed in with a comb — 'may you have plenty every "
            "year'. The centrepiece of the Spring Festival table.",
        ),
        T(
            "一条白色鱼形花饽饽，身上压着鳞片花纹，鳍尾点红",
            "A white fish-shaped bun with pressed scales and red-tipped fins",
        ),
        T(
            "一条鱼要经过揉面、醒发、捏形、压纹、点色、上笼六道工序，全靠手上功夫。",
            "Every fish goes through six steps — kneading, proving, shaping, pressing, colouring "
            "and steaming — all by hand.",
        ),
        (T("鱼身上的鳞片花纹", "The scale pattern on the fish"),),
    ),
    "XW-BB-WED": ProductCopy(
        "bun",
        "wedding",
        T(
            "胶东婚俗里，喜饽饽是新人回门、亲友贺喜的礼。礼盒含大小喜饽饽一套，红盒包装，约五天发货。",
            "In Jiaodong wedding custom, wedding buns are the gift for the couple's return visit "
            "and for congratulating family. The box holds a set of large and small buns in red "
            "packaging; dispatched in about five days.",
        ),
        T(
            "红色礼盒旁摆着两个饰有红花的白色喜饽饽",
            "Two white wedding buns decorated with red flowers beside a red gift box",
        ),
        T(
            "婚庆礼盒按婚期排产，我们会提前和您确认日子，保证喜事当天新鲜送到。",
            "Wedding boxes are scheduled around the wedding: we confirm the date with you in "
            "advance so the buns arrive fresh on the day.",
        ),
        (T("喜饽饽上的红色面花", "The red dough flower on a wedding bun"),),
    ),
    "XW-BB-FLOWER": ProductCopy(
        "bun",
        "flower",
        T(
            "直径近三十厘米的大花饽饽，一圈圈面花层层绽开，用南瓜、紫薯、菠菜汁天然上色。",
            "A great blossom bun almost thirty centimetres across, rings of dough petals opening "
            "layer on layer, coloured naturally with pumpkin, purple sweet potato and spinach.",
        ),
        T(
            "一个圆形大花饽饽，四周围着粉色、黄色和红色的面花瓣",
            "A large round bun ringed with pink, yellow and red dough petals",
        ),
        T(
            "大花饽饽是面食技能培训班的结业作品：能独立做出一个，就能在工坊接单了。",
            "The great blossom bun is the graduation piece of the pastry-skills class: a mother "
            "who can make one on her own can start taking orders at the workshop.",
        ),
        (
            T("层层叠叠的面花瓣", "Layer upon layer of dough petals"),
            T("花心的粉色面花", "The pink flower at the heart of the bun"),
        ),
        featured=True,
    ),
    "XW-BB-MINI": ProductCopy(
        "bun",
        "mini",
        T(
            "十二个迷你花样馒头，花朵造型、五种颜色，速冻保存，蒸十分钟就能上桌，孩子最爱。",
            "Twelve mini flower buns in five colours. Keep them frozen and steam for ten minutes; "
            "children love them.",
        ),
        T(
            "竹蒸笼里十二个小巧的彩色花样馒头",
            "Twelve small colourful flower buns in a bamboo steamer",
        ),
        T(
            "这一款常备现货，工坊每周做两批，冷链发往青岛市区。",
            "These are kept in stock: the workshop makes two batches a week and ships them "
            "chilled to Qingdao.",
        ),
        (T("迷你花样馒头的特写", "Close-up of the mini flower buns"),),
    ),
    "KX-FARM-PEANUT": ProductCopy(
        "farm",
        "peanut",
        T(
            "莱西沙土地里长出来的大花生，颗粒饱满，晒干带壳，煮、炒、炖都香。",
            "Big peanuts from Laixi's sandy soil: plump, sun-dried in the shell, good boiled, "
            "roasted or stewed.",
        ),
        T("一筐带壳的大花生", "A basket of peanuts in the shell"),
        T(
            "开心家庭农场的地就在村边。农忙时节，附近的妈妈们来帮忙分拣、装袋，按件计酬，干完活正好去接孩子。",
            "Happy Family Farm's fields are at the edge of the village. In the busy season, "
            "mothers from nearby come to sort and bag the harvest, paid by the piece, and finish "
            "in time to collect the children.",
        ),
        (T("饱满的带壳花生", "Plump peanuts in the shell"),),
        featured=True,
    ),
    "KX-FARM-EGG": ProductCopy(
        "farm",
        "egg",
        T(
            "果园里散养的鸡下的蛋，蛋黄橙红，每天早上现捡现装。",
            "Eggs from hens that roam the orchard, with deep-orange yolks, gathered and packed "
            "every morning.",
        ),
        T("一筐浅褐色和白色的鸡蛋", "A basket of light-brown and white eggs"),
        T(
            "鸡蛋装箱前逐个照蛋、擦净，三十枚一盒，用稻壳缓冲。",
            "Every egg is candled and wiped before packing; thirty to a box, cushioned with rice "
            "husks.",
        ),
        (T("筐里的土鸡蛋", "Free-range eggs in the basket"),),
    ),
    "KX-FARM-POTATO": ProductCopy(
        "farm",
        "potato",
        T(
            "霜降后起收的蜜薯，窖藏一个月，烤出来流蜜。",
            "Sweet potatoes dug after the first frost and cellared for a month — they ooze syrup "
            "when roasted.",
        ),
        T("一筐紫红皮的蜜薯", "A basket of purple-red sweet potatoes"),
        T(
            "蜜薯按个头分拣：烤着吃选中等个，蒸着吃选细长的。",
            "We sort them by size: medium ones for roasting, long slim ones for steaming.",
        ),
        (T("紫红皮的蜜薯", "Purple-red sweet potatoes"),),
    ),
    "KX-FARM-GRAPE": ProductCopy(
        "farm",
        "grape",
        T(
            "八月底到九月是巨峰葡萄的季节。下单后按成熟度现摘现发，一周内送到。",
            "Kyoho grapes are in season from late August into September. We pick to order as "
            "they ripen and deliver within a week.",
        ),
        T("一筐紫色的巨峰葡萄和绿叶", "A basket of purple Kyoho grapes with green leaves"),
        T(
            "葡萄不等人。采摘季，农场会在“妈妈岗”驿站发布用工信息，妈妈们可以只做上午半天。",
            "Grapes wait for no one. In picking season the farm posts work at the mama-post "
            "station, and mothers can sign up for mornings only.",
        ),
        (T("一串串巨峰葡萄", "Bunches of Kyoho grapes"),),
    ),
    "KX-GIFT-NEWYEAR": ProductCopy(
        "farm",
        "giftbox",
        T(
            "一盒装下莱西的年味：大花生、小米、土鸡蛋，再配一只彩虹手编的小中国结。",
            "Laixi's New Year in one box: peanuts, millet and free-range eggs, with a little "
            "Chinese knot from Rainbow Handweaving.",
        ),
        T(
            "系着金色丝带的红色礼盒，旁边是花生和鸡蛋",
            "A red gift box tied with a gold ribbon, with peanuts and eggs beside it",
        ),
        T(
            "这是“巾帼好品·莱西有礼”展区最受欢迎的一款，几家妇字号企业一起凑成一盒。",
            "This is the favourite of the 'Gifts from Laixi' display: several women-led "
            "businesses fill it together.",
        ),
        (T("礼盒的金色丝带", "The gold ribbon of the gift box"),),
    ),
    "QS-FAB-TIGER": ProductCopy(
        "fabric",
        "tiger",
        T(
            "虎头虎脑的布老虎，棉布缝制、荞麦壳填充，给孩子辟邪纳福，也能当小枕头。",
            "A chubby cloth tiger in cotton, filled with buckwheat husks — a traditional guardian "
            "for a child, and a small pillow too.",
        ),
        T(
            "一只橙色手工布老虎，黑色条纹，大眼睛",
            "An orange handmade cloth tiger with black stripes and big eyes",
        ),
        T(
            "布老虎要经过剪样、缝合、填充、绣五官，一只要做大半天。巧手布艺坊的妈妈们多在家里做，每周四带到驿站交件。",
            "A cloth tiger is cut, sewn, stuffed and given its embroidered face — most of a day's "
            "work. Clever Hands' mothers mostly sew at home and bring their pieces to the station "
            "on Thursdays.",
        ),
        (
            T("布老虎绣出来的眼睛和胡须", "The tiger's embroidered eyes and whiskers"),
            T("布老虎和花布", "The cloth tiger on flowered cotton"),
        ),
        featured=True,
    ),
    "QS-FAB-SACHET": ProductCopy(
        "fabric",
        "sachet",
        T(
            "五只绣花香囊，装着艾草、薄荷等香草。端午节挂在孩子胸前，好看又驱蚊。",
            "Five embroidered sachets filled with mugwort, mint and other herbs. Hung on a child "
            "at the Dragon Boat Festival, they are pretty and keep the mosquitoes away.",
        ),
        T("五只彩色绣花香囊，下面坠着流苏", "Five colourful embroidered sachets with tassels"),
        T(
            "香囊上的小花是一针一线绣出来的，五只颜色各不相同，每一只都由一位妈妈从头做到尾。",
            "The little flowers are embroidered stitch by stitch. No two of the five share a "
            "colour, and each is made from start to finish by one mother.",
        ),
        (T("香囊上的绣花", "The embroidery on a sachet"),),
    ),
    "QS-FAB-INSOLE": ProductCopy(
        "fabric",
        "insole",
        T(
            "老手艺绣花鞋垫，多层纯棉布纳成，透气吸汗。现货37到42码，下单时请备注尺码。",
            "Embroidered insoles made the old way, from layers of cotton stitched together: "
            "breathable and absorbent. In stock in sizes 37 to 42; note your size with the order.",
        ),
        T(
            "一双绣着红花绿叶的手工鞋垫",
            "A pair of handmade insoles embroidered with red flowers and green leaves",
        ),
        T(
            "纳一双鞋垫要几千针。老一辈绣娘说，鞋垫绣得好不好，看的是针脚匀不匀。",
            "A pair takes thousands of stitches. The older embroiderers say you judge an insole "
            "by how even its stitches are.",
        ),
        (T("鞋垫上的绣花和针脚", "The embroidery and stitching of an insole"),),
    ),
}


@dataclass(frozen=True)
class CooperativeCopy:
    intro: T
    pic: Pic
    alt: T
    location: T
    founded: int
    members: int
    body: tuple
    awards: tuple[tuple[int, T], ...]


COOPERATIVE_COPY = {
    "caihong": CooperativeCopy(
        T(
            "彩虹家政的中国结编织技艺项目。社区驿站把编织技艺引进来，不能外出工作的妈妈学成后居家接单，根据自己的"
            "时间和能力决定接单数量，人均月增收2000多元。",
            "The Chinese-knot weaving project of Rainbow Housekeeping. The community station "
            "brought the craft in, so that mothers who cannot go out to work can learn it and "
            "take orders at home, deciding how many by their own time and ability — on average "
            "adding over ¥2,000 a month to their household income.",
        ),
        Pic("coop-caihong", "knot", "wall"),
        T(
            "木杆上挂着三只刚编好的中国结",
            "Three freshly woven Chinese knots hanging from a wooden rod",
        ),
        T(
            "青岛市莱西市水集街道广州路社区",
            "Guangzhou Road Community, Shuiji Subdistrict, Laixi, Qingdao",
        ),
        2022,
        86,
        (
            Heading(T("从家政公司到编织项目", "From a housekeeping firm to a weaving project")),
            Para(
                T(
                    "彩虹家政是水集街道“妈妈岗”友好企业的典型代表。很多妈妈想挣钱，却走不开：孩子要接送，老人要"
                    "照顾。社区驿站把中国结编织技艺引进来，在培训学校开班教学，学成的妈妈就能居家创收。",
                    "Rainbow Housekeeping is a model mama-post-friendly employer in Shuiji. Many "
                    "mothers want to earn but cannot leave home: there are children to take to "
                    "school and parents to care for. The community station brought in Chinese-"
                    "knot weaving and teaches it at its training school, so trained mothers can "
                    "earn from home.",
                )
            ),
            QUOTES["caihong"][0],
            Heading(T("活儿怎么分", "How the work is shared")),
            Para(
                T(
                    "顾客下单后，合作社把订单变成工单：做什么、做多少、每只计件多少钱、什么时候交。妈妈们在手机上"
                    "看到工单，自己决定接多少；编好的结送到驿站，协调员验收，合格的按件计入收入，月底统一结算。",
                    "When a customer orders, the cooperative turns it into a production order: "
                    "what to make, how many, the rate per piece and the due date. The mothers see "
                    "it on their phones and each decides how many to take; finished knots go to "
                    "the station, the coordinator inspects them, accepted pieces are credited to "
                    "their makers and paid out at the end of the month.",
                )
            ),
        ),
        (
            (
                2024,
                T(
                    "山东省优秀女性创业项目",
                    "Outstanding Women's Enterprise Project of Shandong Province",
                ),
            ),
            (
                2024,
                T(
                    "莱西市首批“妈妈岗”友好企业",
                    "One of Laixi's first mama-post-friendly employers",
                ),
            ),
        ),
    ),
    "xiwowo": CooperativeCopy(
        T(
            "喜我我花饽饽做的是胶东人过年过节、婚嫁祝寿离不开的花饽饽，是青岛市巾帼特色项目、莱西市首批“妈妈岗”"
            "友好企业。工坊实行弹性工时，让妈妈们上班、带娃两不误。",
            "Xiwowo makes huabobo, the decorative steamed buns no Jiaodong festival, wedding or "
            "birthday is complete without. It is one of Qingdao's featured women-led projects and "
            "among Laixi's first mama-post-friendly employers. Flexible hours let its mothers work "
            "and raise their children.",
        ),
        Pic("coop-xiwowo", "bun", "mini"),
        T("竹蒸笼里摆满了彩色花样馒头", "A bamboo steamer full of colourful flower buns"),
        T("青岛市莱西市水集街道", "Shuiji Subdistrict, Laixi, Qingdao"),
        2019,
        24,
        (
            Heading(T("“妈妈班”", "The mothers' shift")),
            Para(
                T(
                    "工坊专门设了“妈妈班”：比普通班次晚到半小时、早走半小时，早上送完孩子再来，下午赶得上接"
                    "孩子放学。附近几个村还通了“妈妈班车”。",
                    "The workshop runs a mothers' shift that starts half an hour later and ends "
                    "half an hour earlier than the usual one: mothers arrive after the school run "
                    "and leave in time for pick-up. A 'mama bus' serves the nearby villages.",
                )
            ),
            QUOTES["xiwowo"][0],
            Heading(T("面食技能培训班", "The pastry-skills class")),
            Para(
                T(
                    "在社区驿站的“妈妈岗”面食技能培训班上，工坊的师傅教妈妈们揉面、发面、捏花、上色。结业后，"
                    "妈妈们可以进工坊上班，也可以在家做些小件。",
                    "At the station's mama-post pastry-skills class, the workshop's bakers teach "
                    "mothers to knead, prove, shape and colour. Graduates can join the workshop "
                    "or make smaller pieces at home.",
                )
            ),
        ),
        (
            (2024, T("青岛市巾帼特色项目", "Featured Women-led Project of Qingdao")),
            (
                2024,
                T(
                    "莱西市首批“妈妈岗”友好企业",
                    "One of Laixi's first mama-post-friendly employers",
                ),
            ),
        ),
    ),
    "kaixin": CooperativeCopy(
        T(
            "恒岳丰开心家庭农场是青岛市巾帼特色项目，也是“巾帼小游”巾帼特色旅游品牌之一。春天赏花，夏秋采摘，"
            "地里的好东西经妈妈们的手分拣装箱，送到您家。",
            "Hengyuefeng Happy Family Farm is one of Qingdao's featured women-led projects and "
            "part of the women's federation's 'Women's Short Trips' tourism brand. Blossom in "
            "spring, picking in summer and autumn — and the farm's harvest, sorted and packed by "
            "local mothers, delivered to your door.",
        ),
        Pic("coop-kaixin", "farm", "mixed"),
        T("一筐花生、鸡蛋和蜜薯", "A basket of peanuts, eggs and sweet potatoes"),
        T("青岛市莱西市水集街道", "Shuiji Subdistrict, Laixi, Qingdao"),
        2018,
        12,
        (
            Heading(T("一家人的农场", "A family's farm")),
            Para(
                T(
                    "农场由一家人经营，种花生、蜜薯和葡萄，在果园里散养鸡。农忙时，附近的妈妈们来帮忙分拣、"
                    "包装，活儿提前在驿站公布，谁有空谁来。",
                    "The farm is run by one family: peanuts, sweet potatoes and grapes, with hens "
                    "roaming the orchard. At busy times mothers from nearby help with sorting and "
                    "packing; the work is posted at the station in advance, and whoever is free "
                    "comes.",
                )
            ),
            QUOTES["kaixin"][0],
        ),
        (
            (2024, T("青岛市巾帼特色项目", "Featured Women-led Project of Qingdao")),
            (
                2024,
                T(
                    "青岛市妇联“巾帼小游”巾帼特色旅游品牌",
                    "Qingdao Women's Federation 'Women's Short Trips' tourism brand",
                ),
            ),
        ),
    ),
    "qiaoshou": CooperativeCopy(
        T(
            "巧手布艺坊是广州路社区驿站里的布艺手作小组，由会刺绣的老一辈绣娘带着年轻妈妈们做布老虎、香囊和绣花鞋垫。",
            "Clever Hands is the fabric-craft group of the Guangzhou Road community station, where "
            "older embroiderers and young mothers make cloth tigers, sachets and embroidered "
            "insoles together.",
        ),
        Pic("coop-qiaoshou", "fabric", "sachet"),
        T(
            "五只彩色绣花香囊挂在花布上方",
            "Five colourful embroidered sachets above flowered cotton",
        ),
        T(
            "青岛市莱西市水集街道广州路社区驿站二楼",
            "Second floor, Guangzhou Road Community Station, Shuiji, Laixi, Qingdao",
        ),
        2025,
        18,
        (
            Heading(T("楼上学手艺，隔壁看孩子", "Learning upstairs, children next door")),
            Para(
                T(
                    "布艺坊的手工教室在驿站二楼，隔壁就是未成年人活动室兼母婴室，社区配了兼职社工照看孩子。"
                    "妈妈们带着孩子来上课，学成后在家接活，每周四到驿站交件。",
                    "The craft room is on the station's second floor, next to the children's "
                    "activity room and mother-and-baby room, where part-time social workers look "
                    "after the little ones. Mothers bring their children to class, then work at "
                    "home once trained and hand in their pieces at the station on Thursdays.",
                )
            ),
            QUOTES["qiaoshou"][0],
        ),
        (
            (
                2025,
                T(
                    "水集街道“巾帼好品”推介展销活动参展项目",
                    "Exhibitor at Shuiji's 'Fine Goods by Women' promotion fair",
                ),
            ),
        ),
    ),
}


@dataclass(frozen=True)
class StoryCopy:
    slug: str
    kind: str
    day: date
    cooperative: str
    title: T
    intro: T
    pic: Pic
    alt: T
    body: tuple


STORIES = [
    StoryCopy(
        "weaving-after-the-school-run",
        StoryKind.MOTHER,
        date(2026, 1, 12),
        "caihong",
        T("送完孩子，回家编一只平安结", "After the school run, a peace knot at home"),
        T(
            "王秀兰每天七点半把儿子送进校门，八点已经坐在自家窗前编结了。一年多来，一根根红绳给这个家添了一份"
            "稳定的收入。",
            "Every morning at half past seven Wang Xiulan sees her son through the school gate; by "
            "eight she is at her window at home, weaving. For more than a year, red cord has "
            "brought her family a steady extra income.",
        ),
        Pic("story-weaving-after-the-school-run", "knot", "peace"),
        T("一只红色平安结，下面坠着流苏", "A red peace knot with its tassel"),
        (
            Para(
                T(
                    "王秀兰家住水集街道广州路社区。儿子上小学以后，她想找份工作，可全职上班就顾不上接送，家里老人"
                    "身体也不好。去年春天，社区“妈妈岗”驿站开了中国结编织培训班，她第一个报了名。",
                    "Wang Xiulan lives in Guangzhou Road Community in Shuiji. When her son started "
                    "primary school she wanted a job, but a full-time one would have meant no "
                    "school runs, and the grandparents are not in good health. Last spring the "
                    "community's mama-post station opened a Chinese-knot class, and she was the "
                    "first to sign up.",
                )
            ),
            Heading(T("接多少，自己定", "She decides how much to take")),
            Para(
                T(
                    "学成以后，她在手机上看彩虹手编发布的工单：红色八寸平安结，验收合格一只计三块五。她掂量了自己"
                    "的时间，先接了十五只；熟练以后，一次接四五十只。“孩子病了就少接点，寒暑假也少接，谁也不催。”"
                    "编好的结每周四送到驿站，协调员孙红霞当面验收，合格的当场记账。",
                    "Once trained, she checks Rainbow Handweaving's production orders on her "
                    "phone: red eight-inch peace knots, ¥3.50 for each accepted piece. She weighed "
                    "up her time and took fifteen to start with; now that she is quicker she takes "
                    "forty or fifty at a time. 'If my son is ill I take fewer, and fewer in the "
                    "holidays — nobody rushes me.' Every Thursday she brings her knots to the "
                    "station, where the coordinator, Sun Hongxia, inspects them in front of her "
                    "and records every accepted piece.",
                )
            ),
            Figure(
                Pic("story-weaving-window", "knot", "wall", 1.1),
                T("木杆上挂着几只刚编好的红色中国结", "Freshly woven red knots hanging from a rod"),
                T(
                    "编好的结挂起来定型，第二天送去驿站。",
                    "Finished knots hang overnight to set, ready for the station next day.",
                ),
            ),
            Quote(
                T(
                    "一个月多挣两千多块，孩子的兴趣班、家里的菜钱都有了着落。",
                    "Over two thousand yuan more a month: the children's classes and the "
                    "grocery money are covered.",
                ),
                WHO["wang"],
            ),
        ),
    ),
    StoryCopy(
        "knot-class-at-the-station",
        StoryKind.TRAINING,
        date(2026, 2, 26),
        "caihong",
        T(
            "驿站培训学校开春新班：零基础学编中国结",
            "New spring class at the station: Chinese knots from scratch",
        ),
        T(
            "广州路社区驿站一百多平方米的培训学校里，新一期中国结编织班开课了。课程通过水集公众号和网格微信群发布，"
            "二十个名额两天报满。",
            "In the hundred-square-metre training school of the Guangzhou Road community station, "
            "a new Chinese-knot class has begun. It was announced on the Shuiji WeChat account and "
            "the neighbourhood groups, and all twenty places went in two days.",
        ),
        Pic("story-knot-class-at-the-station", "station"),
        T(
            "社区驿站小楼前，几位妈妈带着孩子",
            "Mothers and children in front of the community station",
        ),
        (
            Para(
                T(
                    "这期培训共八次课，每周二、周四上午上课，从最基础的双联结、金刚结学起，最后一课编一只完整的"
                    "八寸平安结。老师是彩虹手编的骨干妈妈，学员都是附近社区的宝妈。",
                    "The course runs for eight sessions on Tuesday and Thursday mornings, starting "
                    "with the basic double-connection and diamond knots; in the last session "
                    "every student makes a complete eight-inch peace knot. The teachers are "
                    "Rainbow Handweaving's most experienced mothers, and the students are mothers "
                    "from the nearby communities.",
                )
            ),
            Heading(T("孩子就在楼上", "The children are just upstairs")),
            Para(
                T(
                    "驿站二楼设有未成年人活动室兼母婴室，社区配了兼职社工。妈妈们在楼下上课，孩子在楼上搭积木、"
                    "看绘本，课间上楼喂个奶也方便。",
                    "The station's second floor has a children's activity room that doubles as a "
                    "mother-and-baby room, staffed by part-time social workers. Mothers learn "
                    "downstairs while the children build with blocks and read picture books "
                    "upstairs, and it is easy to pop up and feed a baby between lessons.",
                )
            ),
            Quote(
                T(
                    "在培训学校学到了实用技术，回到家里就能接单。",
                    "At the training school we learned a practical skill; back home we can take "
                    "orders straight away.",
                ),
                T("学员张女士", "Ms Zhang, a student"),
            ),
            Para(
                T(
                    "考核合格的学员可以加入彩虹手编，在手机上认领工单。面食和电子商务培训班将在三月开课。",
                    "Students who pass the final assessment can join Rainbow Handweaving and claim "
                    "production orders on their phones. Pastry and e-commerce classes begin in "
                    "March.",
                )
            ),
        ),
    ),
    StoryCopy(
        "mama-bus",
        StoryKind.NEWS,
        date(2026, 3, 9),
        "xiwowo",
        T("“妈妈班车”开进水集街道", "The 'mama bus' comes to Shuiji"),
        T(
            "早上八点半、下午三点半，一辆印着爱心的班车在几个村之间往返，接送在工坊上班的妈妈们。",
            "At half past eight in the morning and half past three in the afternoon, a bus with a "
            "heart on its side runs between the villages, carrying mothers to and from the "
            "workshops.",
        ),
        Pic("story-mama-bus", "bus"),
        T(
            "一辆印着红色爱心的班车，车窗里坐着几位妈妈",
            "A bus with a red heart on its side and mothers at the windows",
        ),
        (
            Para(
                T(
                    "水集街道鼓励企业开设“妈妈岗”车间、宝妈班，开通“妈妈班车”。喜我我花饽饽工坊的班车线路经过"
                    "五个村，发车时间特意错开了上下学：妈妈们先送孩子，再上车。",
                    "Shuiji encourages employers to set up mama-post workshops and mothers' "
                    "shifts, and to run a 'mama bus'. The Xiwowo workshop's bus passes through "
                    "five villages and is timed around the school day: mothers drop the children "
                    "off first, then catch the bus.",
                )
            ),
            Heading(T("晚半小时，早半小时", "Half an hour later, half an hour earlier")),
            Para(
                T(
                    "工坊的“妈妈班”比普通班次晚到半小时、早走半小时。工坊负责人说，能准时接上孩子，妈妈们干活更"
                    "安心，饽饽也蒸得更好。",
                    "The workshop's mothers' shift starts half an hour later and ends half an "
                    "hour earlier than the usual one. When the mothers know they will be at the "
                    "school gate on time, the manager says, they work with an easy mind — and the "
                    "buns come out better.",
                )
            ),
            Quote(
                T(
                    "以前骑电动车二十分钟，冬天冻手。现在坐班车，路上还能跟姐妹们聊聊天。",
                    "I used to ride my e-bike for twenty minutes in the cold. Now I take the bus "
                    "and chat with the other women on the way.",
                ),
                WHO["yang"],
            ),
        ),
    ),
    StoryCopy(
        "chen-jing-family-and-work",
        StoryKind.MOTHER,
        date(2026, 3, 30),
        "xiwowo",
        T("陈静：左手家庭，右手事业", "Chen Jing: family in one hand, work in the other"),
        T(
            "三年前，陈静辞了城里的全职工作回家带孩子。如今她在喜我我花饽饽工坊做面点，一天也没落下接送孩子。",
            "Three years ago Chen Jing gave up a full-time job in town to look after her children. "
            "Now she shapes buns at the Xiwowo workshop — and has not missed a school run.",
        ),
        Pic("story-chen-jing-family-and-work", "bun", "flower"),
        T("一个围着彩色面花瓣的大花饽饽", "A great blossom bun ringed with coloured dough petals"),
        (
            Para(
                T(
                    "陈静有两个孩子，大的上三年级，小的在幼儿园。以前她在城里上班，早出晚归，孩子全靠老人带。老人"
                    "年纪大了，她只好辞职回家，可一家的开销全压在丈夫身上，她心里总不踏实。",
                    "Chen Jing has two children, one in the third grade and one at kindergarten. "
                    "She used to work in town, leaving early and coming home late while the "
                    "grandparents raised the children. When they grew too old she had to quit, but "
                    "with the household resting on her husband's wage alone she never felt at "
                    "ease.",
                )
            ),
            Heading(T("从学员到师傅", "From student to teacher")),
            Para(
                T(
                    "街道便民服务大厅的“妈妈岗”窗口帮她做了求职登记，推荐她参加面食技能培训班。结业后，她进了"
                    "喜我我花饽饽工坊上“妈妈班”。现在她能独立做大花饽饽，还带着两位新来的妈妈学手艺。",
                    "The mama-post window in the subdistrict's service hall registered her as a "
                    "job seeker and recommended the pastry-skills class. After graduating she "
                    "joined the Xiwowo workshop on the mothers' shift. Now she makes the great "
                    "blossom bun on her own and is teaching two newcomers.",
                )
            ),
            Quote(
                T(
                    "现在我每天上班比以前晚半个小时，下班早半个小时，不仅有了收入，还能每天接送孩子、照顾家里，"
                    "这工作真的太好了！",
                    "I start half an hour later and finish half an hour earlier. I have an "
                    "income, and I still take the children to school and back every day and look "
                    "after the home. This job is wonderful!",
                ),
                WHO["chen"],
            ),
        ),
    ),
    StoryCopy(
        "pastry-skills-class",
        StoryKind.TRAINING,
        date(2026, 4, 20),
        "xiwowo",
        T(
            "面食技能培训班：一团面揉出一朵花",
            "The pastry-skills class: a flower from a lump of dough",
        ),
        T(
            "驿站的“妈妈岗”面食技能培训班第三期结业，十八位妈妈交出了自己做的第一个花饽饽。",
            "The third mama-post pastry-skills class at the station has graduated: eighteen "
            "mothers presented the first decorative buns they ever made.",
        ),
        Pic("story-pastry-skills-class", "bun", "peach"),
        T("蒸笼里两排寿桃饽饽", "Two rows of peach buns in a steamer"),
        (
            Para(
                T(
                    "培训为期两周，喜我我花饽饽的师傅手把手地教：怎么揉面才光滑，发到几成最好，面花怎么捏、怎么"
                    "用南瓜和紫薯上色。课程免费，报名信息在水集公众号和网格微信群里发布。",
                    "For two weeks Xiwowo's bakers taught hands-on: how to knead a smooth dough, "
                    "how far to let it rise, how to shape the flowers and colour them with "
                    "pumpkin and purple sweet potato. The course is free and announced on the "
                    "Shuiji WeChat account and the neighbourhood groups.",
                )
            ),
            Heading(T("结业作品", "The graduation pieces")),
            Para(
                T(
                    "结业那天，每位妈妈做了一笼寿桃和一个大花饽饽。做得好的作品当场被工坊收下，摆上了“巾帼好品”"
                    "展台。",
                    "On graduation day each mother made a steamer of longevity peaches and a "
                    "great blossom bun. The best were bought by the workshop on the spot and went "
                    "on the 'Fine Goods by Women' display.",
                )
            ),
            Figure(
                Pic("story-pastry-mini", "bun", "mini"),
                T("竹蒸笼里十二个彩色花样馒头", "Twelve colourful flower buns in a bamboo steamer"),
                T("学员们的练习作品：迷你花样馒头。", "Practice pieces: mini flower buns."),
            ),
            QUOTES["xiwowo"][1],
        ),
    ),
    StoryCopy(
        "gifts-from-laixi-display",
        StoryKind.NEWS,
        date(2026, 5, 18),
        "kaixin",
        T("“巾帼好品·莱西有礼”展区上新", "New at the 'Gifts from Laixi' display"),
        T(
            "水集街道社区驿站的巾帼好品展区换上了新品：开心家庭农场的蜜薯、土鸡蛋和葡萄预订，和彩虹手编的中国结、"
            "喜我我的花饽饽摆在了一起。",
            "The 'Fine Goods by Women' display at the Shuiji community station has new arrivals: "
            "Happy Family Farm's sweet potatoes, eggs and grape pre-orders sit beside Rainbow "
            "Handweaving's knots and Xiwowo's buns.",
        ),
        Pic("story-gifts-from-laixi-display", "farm", "giftbox"),
        T("系着金色丝带的红色礼盒", "A red gift box tied with a gold ribbon"),
        (
            Para(
                T(
                    "“巾帼好品·莱西有礼”展区集中展示莱西市妇女创业创新的成果，既有宜品乳业、金叶食品这样的"
                    "代表性品牌，也有妈妈们在家门口做出来的手工好物。",
                    "The 'Gifts from Laixi' display shows what Laixi's women entrepreneurs have "
                    "built — well-known brands such as Yipin Dairy and Jinye Foods alongside the "
                    "handmade goods mothers make close to home.",
                )
            ),
            Heading(T("网上也能买了", "Now online too")),
            Para(
                T(
                    "展区里的巾帼好品，现在都能在网上下单。现货直接发出；定制的中国结、花饽饽由妈妈们接单现做，"
                    "顾客在订单页就能看到有几位妈妈在做、做了多少。",
                    "Everything on the display can now be ordered online. Stock items ship at "
                    "once; custom knots and buns are taken on by the mothers, and buyers can see "
                    "on their order page how many mothers are making it and how far they have "
                    "got.",
                )
            ),
            Quote(
                T(
                    "以前靠微信群和电话接单，记在本子上。现在顾客下单、妈妈接单、我们验收，都在一个系统里。",
                    "We used to take orders in WeChat groups and by phone and write them in a "
                    "notebook. Now the customer orders, the mothers claim, we inspect — all in "
                    "one system.",
                ),
                T("姜海燕，开心家庭农场协调员", "Jiang Haiyan, coordinator, Happy Family Farm"),
            ),
        ),
    ),
    StoryCopy(
        "mornings-at-the-farm",
        StoryKind.MOTHER,
        date(2026, 6, 15),
        "kaixin",
        T(
            "赵燕：上午在农场，下午接孩子",
            "Zhao Yan: mornings at the farm, afternoons with the children",
        ),
        T(
            "葡萄季还没到，开心家庭农场已经忙起来了。赵燕每天上午来分拣鸡蛋、打包蜜薯，十一点半准时下班。",
            "Grape season has not yet begun, but Happy Family Farm is already busy. Every morning "
            "Zhao Yan sorts eggs and packs sweet potatoes, and leaves at half past eleven sharp.",
        ),
        Pic("story-mornings-at-the-farm", "farm", "egg"),
        T("一筐浅褐色和白色的鸡蛋", "A basket of light-brown and white eggs"),
        (
            Para(
                T(
                    "赵燕的女儿上二年级，中午在家吃饭。以前她只能在家待着，现在农场的活儿按件计酬，上午干完，"
                    "回家正好做午饭。",
                    "Zhao Yan's daughter is in the second grade and comes home for lunch. She used "
                    "to have to stay in; now the farm pays by the piece, she works through the "
                    "morning and is home in time to cook.",
                )
            ),
            Heading(T("活多活少，提前知道", "Knowing the work in advance")),
            Para(
                T(
                    "农场每周把要分拣、打包的数量发在群里，妈妈们按自己的时间报名。到了采摘季，活儿多了，她打算"
                    "暑假里带上女儿一起来，孩子在树荫下看书，她在旁边摘葡萄。",
                    "Every week the farm posts how much sorting and packing there is, and the "
                    "mothers sign up for the hours that suit them. When picking season brings more "
                    "work, she plans to bring her daughter along in the summer holidays: the child "
                    "reading in the shade, her mother picking grapes nearby.",
                )
            ),
            QUOTES["kaixin"][0],
        ),
    ),
    StoryCopy(
        "a-thousand-knots",
        StoryKind.NEWS,
        date(2026, 9, 22),
        "caihong",
        T(
            "一千只中国结，六十三位妈妈分单完成",
            "A thousand knots, shared among sixty-three mothers",
        ),
        T(
            "国庆节前，一家本地企业向彩虹手编订了一千只定制中国结。订单变成工单发布后，三天内就被六十三位妈妈"
            "认领完毕。",
            "Before National Day a local company ordered a thousand custom Chinese knots from "
            "Rainbow Handweaving. Once posted as a production order, it was fully claimed by "
            "sixty-three mothers within three days.",
        ),
        Pic("story-a-thousand-knots", "knot", "bulk"),
        T("排成几行的小中国结", "Rows of small Chinese knots"),
        (
            Para(
                T(
                    "工单写得清清楚楚：红色小号盘长结一千只，验收合格一只计两块八，十月二十日前交齐，每人最多"
                    "认领一百二十只。",
                    "The production order was clear: a thousand small red endless knots, ¥2.80 "
                    "for each accepted piece, all due by 20 October, at most a hundred and twenty "
                    "per person.",
                )
            ),
            Heading(T("每个人接的都不一样", "Everyone took a different amount")),
            Para(
                T(
                    "有人接了十五只，有人接了一百二十只。系统保证不会多领；到期没做完的部分自动退回，由其他妈妈"
                    "接手。交件时验收合格的，按件记入各自的收入，月底统一结算。",
                    "Some took fifteen, some a hundred and twenty. The system makes sure the "
                    "order is never over-claimed; anything unfinished by the deadline goes back to "
                    "the pool for others to take. Accepted pieces are credited to each maker and "
                    "paid out at the end of the month.",
                )
            ),
            Quote(
                T(
                    "订单再大，也不用一个个打电话问谁有空了。",
                    "However big the order, I no longer have to phone round to ask who is free.",
                ),
                T("孙红霞，彩虹手编协调员", "Sun Hongxia, coordinator, Rainbow Handweaving"),
            ),
            Para(
                T(
                    "下单的企业在订单页上能看到进度：“由彩虹手编的63位妈妈制作，已完成640只”。",
                    "The company could follow its order online: 'made by 63 mothers of Rainbow "
                    "Handweaving — 640 done'.",
                )
            ),
        ),
    ),
]

HOME = {
    "title": T("妈妈岗 · 巾帼好品", "Mama Posts · Fine Goods by Women"),
    "hero_heading": T("妈妈们的手艺，带着家的温度", "Made by mothers, with the warmth of home"),
    "hero_text": T(
        "在青岛莱西水集街道，妈妈们在家门口、在自己家里编中国结、蒸花饽饽、缝布老虎。每一件巾帼好品，都是一位"
        "妈妈按自己的时间接下、亲手做成的。",
        "In Shuiji, Laixi, mothers weave Chinese knots, steam decorative buns and sew cloth "
        "tigers close to home — or at home. Every piece here was taken on by a mother in her "
        "own time and made with her own hands.",
    ),
    "mission_heading": T("什么是“妈妈岗”", "What is a 'mama post'?"),
}

MISSION = (
    Para(
        T(
            "“妈妈岗”是为妈妈们量身定做的工作：时间灵活，离家近，甚至就在家里。莱西市水集街道支持企业、社会"
            "组织设置妈妈岗，开通“妈妈班车”，在社区设立“妈妈岗”驿站，让妈妈们既能照顾家庭，又有自己的事业。",
            "A 'mama post' is a job shaped around mothers: flexible hours, close to home, or even "
            "at home. Shuiji Subdistrict in Laixi supports employers and community groups that "
            "create mama posts, runs a 'mama bus' and has opened mama-post stations in the "
            "communities, so mothers can care for their families and still have work of their "
            "own.",
        )
    ),
    Para(
        T(
            "社区驿站里有一百多平方米的培训学校，定期开设家政服务、手工制作、电子商务等公益培训；二楼的母婴室"
            "有兼职社工帮忙照看孩子。学成的妈妈们在家接单，根据自己的时间和能力决定做多少。",
            "Each community station has a training school of over a hundred square metres with "
            "free courses in housekeeping, handicrafts and e-commerce, and a mother-and-baby room "
            "upstairs where part-time social workers mind the children. Once trained, mothers "
            "take work home and decide for themselves how much to do.",
        )
    ),
    Quote(
        T(
            "“妈妈岗”是充满温情与关怀的岗位，为妈妈们搭建起一座连接家庭与事业的桥梁。",
            "Mama posts are jobs full of warmth and care: a bridge between family and work.",
        ),
        T("莱西市妇联", "Laixi Women's Federation"),
    ),
    Para(
        T(
            "您在这里买下的每一件手工品，都会变成妈妈们可以认领的计件活儿。验收合格一件，就有一笔收入记在做它的"
            "那位妈妈名下。",
            "Every handmade piece you buy here becomes piecework the mothers can claim. Each "
            "accepted piece is credited to the mother who made it.",
        )
    ),
)

INDEXES = {
    "products": (
        ProductIndexPage,
        T("巾帼好品", "Fine Goods by Women"),
        T(
            "中国结、花饽饽、布艺和农家好物，件件出自莱西妈妈之手。现货当天发出，定制款由妈妈们接单现做。",
            "Chinese knots, decorative buns, fabric crafts and farm goods, every one made by a "
            "mother in Laixi. Stock items ship the same day; made-to-order pieces are taken on "
            "by the mothers and made for you.",
        ),
    ),
    "cooperatives": (
        CooperativeIndexPage,
        T("合作社", "Cooperatives"),
        T(
            "水集街道的妇字号企业和手艺项目：她们发布计件活儿，培训妈妈，验收每一件作品。",
            "The women-led businesses and craft projects of Shuiji: they post the piecework, "
            "train the mothers and inspect every piece.",
        ),
    ),
    "stories": (
        StoryIndexPage,
        T("妈妈的故事", "Mothers' stories"),
        T(
            "妈妈们的故事、驿站的培训和合作社的新鲜事。",
            "Mothers' stories, training at the community station and news from the cooperatives.",
        ),
    ),
}


# ---------------------------------------------------------------------------------------------
# Building the trees
# ---------------------------------------------------------------------------------------------

DEMO_COLLECTION = "巾帼好品演示图片"
WELCOME_TITLE = "Welcome to your new Wagtail site!"
Fields = Callable[[str], dict]


def seed_showcase(marketplace: dict, stdout=None) -> dict:
    """Create whatever of the demo showcase is missing, in Chinese and English.

    ``marketplace`` is what ``seed_marketplace`` returned. Makes the zh-hans HomePage the root
    of the default Site (removing Wagtail's welcome page), publishes every page, and returns
    ``{"home": HomePage, "pages": [every zh page], "images": int}``.
    """
    zh, en = locale_ensure("zh-hans"), locale_ensure("en")
    pictures = Pictures()
    home = home_ensure(zh=zh, en=en, pictures=pictures)
    site_ensure(home=home)
    pages = [home]
    indexes = {slug: index_ensure(home=home, slug=slug, en=en) for slug in INDEXES}
    pages += indexes.values()
    pages += [
        product_page_ensure(parent=indexes["products"], product=product, en=en, pictures=pictures)
        for product in marketplace["products"].values()
    ]
    pages += [
        cooperative_page_ensure(
            parent=indexes["cooperatives"], cooperative=cooperative, en=en, pictures=pictures
        )
        for cooperative in marketplace["cooperatives"].values()
    ]
    pages += [
        story_page_ensure(
            parent=indexes["stories"],
            story=story,
            cooperatives=marketplace["cooperatives"],
            en=en,
            pictures=pictures,
        )
        for story in STORIES
    ]
    if stdout is not None:
        stdout.write(
            f"showcase: {len(pages)} pages in zh-hans and en, {pictures.created} new pictures"
        )
    return {"home": home, "pages": pages, "images": pictures.created}


def locale_ensure(language_code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    return locale


def root_ensure(*, zh: Locale) -> Page:
    """The tree's root node, created if the database was flushed."""
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=zh))
    return root


def home_ensure(*, zh: Locale, en: Locale, pictures: "Pictures") -> HomePage:
    root = root_ensure(zh=zh)
    welcome_remove(root=root)
    return page_ensure(
        parent=root,
        model=HomePage,
        slug="home",
        locale=zh,
        en=en,
        fields=lambda lang: home_fields(lang, pictures),
    )


def welcome_remove(*, root: Page) -> None:
    """Delete Wagtail's initial welcome page: it holds the slug "home" our HomePage needs.

    Its Site goes with it (``Site.root_page`` cascades); ``site_ensure`` makes a new one.
    """
    page_type = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=page_type, title=WELCOME_TITLE):
        page.delete()


def site_ensure(*, home: HomePage) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = HOME["title"].zh
    site.save()
    return site


def page_ensure(
    *, parent: Page, model: type[Page], slug: str, locale: Locale, en: Locale, fields: Fields
) -> Page:
    """The live page ``slug`` under ``parent`` in ``locale``, and its live English translation.

    Each is created and published only if missing; ``fields(lang)`` gives the content of the
    page in "zh" or "en" and is called only for pages that are created.
    """
    page = model.objects.child_of(parent).filter(slug=slug, locale=locale).first()
    if page is None:
        page = model(slug=slug, locale=locale, **fields("zh"))
        parent.add_child(instance=page)
        page.save_revision().publish()
    translation_ensure(page=page, en=en, fields=fields)
    return page


def translation_ensure(*, page: Page, en: Locale, fields: Fields) -> Page:
    """The English copy of ``page`` (same slug, except a home page beside its original)."""
    translation = page.get_translation_or_none(en)
    if translation is not None:
        return translation.specific
    copy = page.copy_for_translation(en, copy_parents=True)
    for name, value in fields("en").items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def index_ensure(*, home: HomePage, slug: str, en: Locale) -> Page:
    model, title, intro = INDEXES[slug]
    return page_ensure(
        parent=home,
        model=model,
        slug=slug,
        locale=home.locale,
        en=en,
        fields=lambda lang: {"title": title.of(lang), "intro": intro.of(lang)},
    )


def product_page_ensure(
    *, parent: Page, product: Product, en: Locale, pictures: "Pictures"
) -> Page:
    return page_ensure(
        parent=parent,
        model=ProductPage,
        slug=product.sku.lower(),
        locale=parent.locale,
        en=en,
        fields=lambda lang: product_fields(product, lang, pictures),
    )


def cooperative_page_ensure(
    *, parent: Page, cooperative: Cooperative, en: Locale, pictures: "Pictures"
) -> Page:
    return page_ensure(
        parent=parent,
        model=CooperativePage,
        slug=cooperative.slug,
        locale=parent.locale,
        en=en,
        fields=lambda lang: cooperative_fields(cooperative, lang, pictures),
    )


def story_page_ensure(
    *, parent: Page, story: StoryCopy, cooperatives: dict, en: Locale, pictures: "Pictures"
) -> Page:
    cooperative = cooperatives.get(story.cooperative)
    return page_ensure(
        parent=parent,
        model=StoryPage,
        slug=story.slug,
        locale=parent.locale,
        en=en,
        fields=lambda lang: story_fields(story, cooperative, lang, pictures),
    )


def home_fields(lang: str, pictures: "Pictures") -> dict:
    return {
        **{name: text.of(lang) for name, text in HOME.items()},
        "hero_image": pictures.get(Pic("home-hero", "hero"), HOME["hero_heading"].zh),
        "mission": stream(MISSION, lang, pictures),
    }


def product_fields(product: Product, lang: str, pictures: "Pictures") -> dict:
    copy = PRODUCT_COPY[product.sku]
    slug = product.sku.lower()
    heading, craft = CRAFTS[product.category.slug]
    body = (Para(copy.story), Heading(heading), Para(craft), quote_for(product))
    gallery = [
        ProductPageGalleryImage(
            image=pictures.get(
                Pic(f"{slug}-{n}", copy.motif, copy.variant, 1.2 + 0.15 * n), alt.zh
            ),
            alt_text=alt.of(lang),
        )
        for n, alt in enumerate(copy.gallery, start=1)
    ]
    return {
        "title": product.name if lang == "zh" else product.name_en or product.name,
        "product": product,
        "intro": copy.intro.of(lang),
        "image": pictures.get(Pic(slug, copy.motif, copy.variant), copy.alt.zh),
        "image_alt": copy.alt.of(lang),
        "gallery_images": gallery,
        "body": stream(body, lang, pictures),
        "featured": copy.featured,
    }


def quote_for(product: Product) -> Quote:
    """One of the cooperative's quotes, taken in turn across its products."""
    quotes = QUOTES[product.cooperative.slug]
    return quotes[list(PRODUCT_COPY).index(product.sku) % len(quotes)]


def cooperative_fields(cooperative: Cooperative, lang: str, pictures: "Pictures") -> dict:
    copy = COOPERATIVE_COPY[cooperative.slug]
    return {
        "title": cooperative.name if lang == "zh" else cooperative.name_en or cooperative.name,
        "cooperative": cooperative,
        "intro": copy.intro.of(lang),
        "image": pictures.get(copy.pic, copy.alt.zh),
        "image_alt": copy.alt.of(lang),
        "location": copy.location.of(lang),
        "founded": copy.founded,
        "members": copy.members,
        "body": stream(copy.body, lang, pictures),
        "awards": [
            ("award", {"year": year, "title": title.of(lang)}) for year, title in copy.awards
        ],
    }


def story_fields(
    story: StoryCopy, cooperative: Cooperative | None, lang: str, pictures: "Pictures"
) -> dict:
    return {
        "title": story.title.of(lang),
        "date": story.day,
        "kind": story.kind,
        "cooperative": cooperative,
        "intro": story.intro.of(lang),
        "image": pictures.get(story.pic, story.alt.zh),
        "image_alt": story.alt.of(lang),
        "body": stream(story.body, lang, pictures),
    }


def stream(blocks: tuple, lang: str, pictures: "Pictures") -> list:
    """``blocks`` as StoryBlock (block type, value) pairs in ``lang``."""
    return [stream_block(block, lang, pictures) for block in blocks]


def stream_block(block, lang: str, pictures: "Pictures") -> tuple:
    match block:
        case Heading(text):
            return ("heading", text.of(lang))
        case Para(text):
            return ("paragraph", f"<p>{html.escape(text.of(lang), quote=False)}</p>")
        case Quote(text, who):
            return ("quote", {"text": text.of(lang), "attribution": who.of(lang)})
        case Figure(pic, alt, caption):
            return (
                "image",
                {
                    "image": pictures.get(pic, alt.zh),
                    "alt_text": alt.of(lang),
                    "caption": caption.of(lang),
                },
            )
    raise TypeError(f"not a story block: {block!r}")


class Pictures:
    """Demo pictures as Wagtail images in one collection, found again by title."""

    def __init__(self) -> None:
        self.created = 0
        self._collection: Collection | None = None
        self._cache: dict[str, object] = {}

    def get(self, pic: Pic, description: str):
        """The image drawn for ``pic``, created (with ``description`` as its alt text) if new."""
        title = f"演示 · {pic.key}"
        if title not in self._cache:
            model = get_image_model()
            image = model.objects.filter(title=title).first() or self._create(
                model, title, pic, description
            )
            self._cache[title] = image
        return self._cache[title]

    def _create(self, model, title: str, pic: Pic, description: str):
        data = picture_jpeg(
            motif=pic.motif, variant=pic.variant, seed=zlib.crc32(pic.key.encode()), zoom=pic.zoom
        )
        image = model(
            title=title,
            description=description,
            collection=self.collection,
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        attach_file(image, data=data, filename=f"demo-{pic.key}.jpg")
        image.save()
        self.created += 1
        return image

    @property
    def collection(self) -> Collection:
        if self._collection is None:
            root = Collection.get_first_root_node() or Collection.add_root(name="Root")
            self._collection = root.get_children().filter(
                name=DEMO_COLLECTION
            ).first() or root.add_child(name=DEMO_COLLECTION)
        return self._collection


def attach_file(image, *, data: bytes, filename: str) -> None:
    """Give ``image`` the file ``data``, reusing an identical file an earlier seed left in storage.

    Pictures are deterministic, so without this every reseed of a fresh database would add
    another copy of each file (with a random suffix) to the media folder.
    """
    path = image.get_upload_to(filename)
    storage = image.file.storage
    if storage.exists(path):
        with storage.open(path) as existing:
            if existing.read() == data:
                image.file = path
                return
    image.file = ImageFile(io.BytesIO(data), name=filename)


# ---------------------------------------------------------------------------------------------
# Pictures: drawn with Pillow shapes only, deterministic for a given (motif, variant, seed).
# ---------------------------------------------------------------------------------------------

SIZE = 1200
RED, RED_DARK, RED_LIGHT = (200, 16, 46), (118, 10, 28), (240, 96, 96)
GOLD, GOLD_DARK = (224, 165, 38), (168, 112, 20)
DOUGH, DOUGH_SHADE = (252, 246, 234), (226, 212, 188)
PINK, YELLOW, GREEN = (238, 120, 150), (246, 196, 64), (92, 158, 74)
BROWN, BROWN_DARK = (176, 118, 62), (120, 74, 34)
BACKGROUNDS = [
    ((255, 244, 224), (246, 217, 184)),
    ((252, 235, 213), (239, 201, 164)),
    ((255, 241, 230), (244, 199, 176)),
    ((251, 233, 208), (233, 199, 154)),
]
SKIES = [((255, 233, 199), (255, 209, 161)), ((255, 240, 214), (250, 200, 170))]
Point = tuple[float, float]


def picture_jpeg(*, motif: str, variant: str, seed: int, zoom: float = 1.0) -> bytes:
    """A SIZE×SIZE JPEG of ``motif`` in ``variant``; the same arguments give the same bytes."""
    rng = random.Random(seed)
    outdoor = motif in {"station", "bus"}
    image = _gradient(*rng.choice(SKIES if outdoor else BACKGROUNDS))
    draw = ImageDraw.Draw(image, "RGBA")
    if not outdoor:
        _paper_flowers(draw, rng)
        _table(draw)
    scene = Scene(draw=draw, rng=rng, cx=SIZE / 2, cy=SIZE / 2, size=SIZE * 0.62 * zoom)
    MOTIFS[motif](scene, variant)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=84)
    return buffer.getvalue()


@dataclass
class Scene:
    """Where to draw: a Pillow draw, a seeded random source, a centre and a size in pixels."""

    draw: ImageDraw.ImageDraw
    rng: random.Random
    cx: float
    cy: float
    size: float

    def at(self, dx: float, dy: float, scale: float = 1.0) -> "Scene":
        """A scene moved by (dx, dy) sizes and scaled, sharing the draw and the random source."""
        return Scene(
            self.draw,
            self.rng,
            self.cx + dx * self.size,
            self.cy + dy * self.size,
            self.size * scale,
        )


def _gradient(top: tuple, bottom: tuple) -> Image.Image:
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask
    )


def _table(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, SIZE * 0.74, SIZE, SIZE), fill=(150, 90, 40, 46))
    draw.line((0, SIZE * 0.74, SIZE, SIZE * 0.74), fill=(150, 90, 40, 70), width=4)


def _paper_flowers(draw: ImageDraw.ImageDraw, rng: random.Random) -> None:
    for _ in range(14):
        x, y = rng.uniform(0, SIZE), rng.uniform(0, SIZE * 0.7)
        colour = (*rng.choice([RED, GOLD, PINK]), 34)
        _flower(draw, x, y, rng.uniform(18, 40), colour, colour, petals=rng.choice((5, 6, 8)))


def _oval(cx: float, cy: float, a: float, b: float, angle: float = 0.0, n: int = 48) -> list:
    ca, sa = math.cos(angle), math.sin(angle)
    steps = (2 * math.pi * k / n for k in range(n))
    return [
        (
            cx + a * math.cos(t) * ca - b * math.sin(t) * sa,
            cy + a * math.cos(t) * sa + b * math.sin(t) * ca,
        )
        for t in steps
    ]


def _leaf(x: float, y: float, length: float, width: float, angle: float) -> list:
    """An almond shape from (x, y) pointing along ``angle`` (radians)."""
    return _oval(
        x + math.cos(angle) * length / 2,
        y + math.sin(angle) * length / 2,
        length / 2,
        width / 2,
        angle,
        n=24,
    )


def _flower(
    draw, x: float, y: float, r: float, colour, centre, *, petals: int = 5, turn: float = 0.0
) -> None:
    for k in range(petals):
        angle = turn + 2 * math.pi * k / petals
        draw.polygon(_leaf(x, y, r, r * 0.6, angle), fill=colour)
    draw.ellipse((x - r * 0.22, y - r * 0.22, x + r * 0.22, y + r * 0.22), fill=centre)


def _shadow(s: Scene, width: float, y: float) -> None:
    s.draw.ellipse(
        (s.cx - width / 2, y - width * 0.06, s.cx + width / 2, y + width * 0.06),
        fill=(90, 50, 20, 50),
    )


def _disc(draw, x: float, y: float, r: float, fill, outline=None, width: int = 0) -> None:
    draw.ellipse((x - r, y - r, x + r, y + r), fill=fill, outline=outline, width=width)


# --- Chinese knots -----------------------------------------------------------------------------


def _cord(draw, points: list, width: float, colour=RED) -> None:
    draw.line(points, fill=RED_DARK, width=int(width + 6), joint="curve")
    draw.line(points, fill=colour, width=int(width), joint="curve")
    draw.line(
        [(x - width * 0.18, y - width * 0.18) for x, y in points],
        fill=(*RED_LIGHT, 120),
        width=max(2, int(width / 5)),
    )


def _cord_arc(
    draw, cx: float, cy: float, r: float, start: float, end: float, width: float, colour=RED
) -> None:
    box = (cx - r, cy - r, cx + r, cy + r)
    draw.arc(box, start, end, fill=RED_DARK, width=int(width + 6))
    draw.arc(box, start, end, fill=colour, width=int(width))


def _knot(s: Scene, *, colour=RED, tassel: bool = True, plaque: bool = False) -> None:
    """An endless knot (盘长结): a woven diamond with looped ears, a hanging cord and a tassel."""
    r, w = s.size / 2, max(4.0, s.size * 0.04)
    n = 4 if plaque else s.rng.choice((3, 4, 5))
    ts = [-1 + 2 * (i + 0.5) / n for i in range(n)]
    unit = r / math.sqrt(2)

    def at(u: float, v: float) -> Point:
        return (s.cx + (u - v) * r / 2, s.cy + (u + v) * r / 2)

    top, bottom = at(-1, -1), at(1, 1)
    _cord(s.draw, [(top[0], top[1] - r * 0.5), top], w * 0.8, colour)
    _disc(s.draw, top[0], top[1] - r * 0.62, r * 0.1, None, RED_DARK, int(w * 0.6))
    for side, normal in ((1, 45), (-1, 225)):
        for a, b in zip(ts, ts[1:], strict=False):
            x, y = at(side, (a + b) / 2)
            _cord_arc(
                s.draw, x, y, (b - a) / 2 * unit * 1.15, normal - 100, normal + 100, w, colour
            )
            x, y = at((a + b) / 2, -side)
            _cord_arc(s.draw, x, y, (b - a) / 2 * unit * 1.15, normal - 10, normal + 190, w, colour)
    for sign in (-1, 1):
        _cord_arc(s.draw, s.cx + sign * r * 1.05, s.cy, r * 0.16, 0, 360, w * 0.9, colour)
    for t in ts:
        _cord(s.draw, [at(t, -1), at(t, 1)], w, colour)
        _cord(s.draw, [at(-1, t), at(1, t)], w, colour)
    if plaque:
        _plaque(s.draw, s.cx, s.cy, r * 0.42)
    if tassel:
        _tassel(s, bottom[0], bottom[1], length=r * 1.1, colour=colour)


def _plaque(draw, x: float, y: float, r: float) -> None:
    draw.polygon(
        [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=GOLD, outline=GOLD_DARK, width=6
    )
    inner = r * 0.72
    draw.polygon([(x, y - inner), (x + inner, y), (x, y + inner), (x - inner, y)], fill=RED)
    draw.rectangle((x - r * 0.2, y - r * 0.2, x + r * 0.2, y + r * 0.2), fill=GOLD)


def _tassel(s: Scene, x: float, y: float, *, length: float, colour=RED) -> None:
    bead = length * 0.09
    s.draw.line((x, y, x, y + bead * 2), fill=RED_DARK, width=int(bead * 0.5))
    _disc(s.draw, x, y + bead * 2.2, bead, GOLD, GOLD_DARK, 4)
    top, half = y + bead * 3.2, length * 0.12
    for _ in range(46):
        x0 = x + s.rng.uniform(-half, half) * 0.7
        x1 = x0 + (x0 - x) * 0.6 + s.rng.uniform(-6, 6)
        shade = s.rng.choice([colour, RED_DARK, colour, RED_LIGHT])
        s.draw.line(
            (x0, top, x1, top + length * s.rng.uniform(0.86, 1.0)),
            fill=shade,
            width=s.rng.choice((3, 4, 5)),
        )
    s.draw.rectangle(
        (x - half * 0.8, top, x + half * 0.8, top + length * 0.12),
        fill=GOLD,
        outline=GOLD_DARK,
        width=3,
    )


def _knots(s: Scene, variant: str) -> None:
    KNOT_VARIANTS.get(variant, _knot_single)(s)


def _knot_single(s: Scene) -> None:
    _shadow(s, s.size * 0.9, SIZE * 0.9)
    _knot(s.at(0, -0.18, 0.62))


def _knot_fu(s: Scene) -> None:
    _shadow(s, s.size, SIZE * 0.92)
    _knot(s.at(0, -0.2, 0.72), plaque=True)


def _knot_car(s: Scene) -> None:
    s.draw.line((s.cx, 0, s.cx, s.cy - s.size * 0.25), fill=RED_DARK, width=10)
    for k in range(3):
        _disc(s.draw, s.cx, s.cy - s.size * (0.62 - k * 0.13), s.size * 0.045, BROWN, BROWN_DARK, 4)
    _knot(s.at(0, 0.0, 0.42))


def _knot_pair(s: Scene) -> None:
    _shadow(s, s.size * 1.4, SIZE * 0.92)
    for dx in (-0.36, 0.36):
        _knot(s.at(dx, -0.2, 0.46), plaque=True)


def _knot_bracelet(s: Scene) -> None:
    r = s.size * 0.38
    for k in range(44):
        angle = 2 * math.pi * k / 44
        x, y = s.cx + r * math.cos(angle), s.cy + r * 0.62 * math.sin(angle)
        s.draw.polygon(
            _oval(x, y, s.size * 0.04, s.size * 0.024, angle + 0.9, n=16),
            fill=RED,
            outline=RED_DARK,
            width=3,
        )
    _disc(s.draw, s.cx, s.cy + r * 0.62, s.size * 0.06, GOLD, GOLD_DARK, 5)


def _knot_grid(s: Scene, *, rows: int = 3, cols: int = 3, ring: bool = True) -> None:
    colours = [RED, (214, 60, 110), GOLD_DARK]
    for row in range(rows):
        for col in range(cols):
            dx, dy = (col - (cols - 1) / 2) * 0.46, (row - (rows - 1) / 2) * 0.44 - 0.04
            cell = s.at(dx, dy, 0.2)
            if ring:
                _disc(
                    s.draw,
                    cell.cx,
                    cell.cy - cell.size * 0.95,
                    cell.size * 0.22,
                    None,
                    (150, 150, 160),
                    8,
                )
            _knot(cell, colour=s.rng.choice(colours), tassel=not ring)


def _knot_wall(s: Scene) -> None:
    rod_y = SIZE * 0.14
    s.draw.rounded_rectangle(
        (SIZE * 0.1, rod_y - 14, SIZE * 0.9, rod_y + 14),
        14,
        fill=BROWN,
        outline=BROWN_DARK,
        width=4,
    )
    for dx, drop in ((-0.5, 0.12), (0.0, 0.3), (0.5, 0.08)):
        knot = s.at(dx, -0.3 + drop, 0.34)
        s.draw.line((knot.cx, rod_y, knot.cx, knot.cy - knot.size), fill=RED_DARK, width=8)
        _knot(knot, colour=s.rng.choice([RED, RED, (214, 60, 110)]))


KNOT_VARIANTS = {
    "peace": _knot_single,
    "fu": _knot_fu,
    "car": _knot_car,
    "wedding": _knot_pair,
    "bracelet": _knot_bracelet,
    "keyring": _knot_grid,
    "bulk": lambda s: _knot_grid(s, rows=3, cols=4, ring=False),
    "wall": _knot_wall,
}


# --- 花饽饽 decorative steamed buns -------------------------------------------------------------


def _bun(draw, x: float, y: float, r: float, *, dot=RED) -> None:
    draw.ellipse(
        (x - r, y - r * 0.82, x + r, y + r * 0.82),
        fill=DOUGH,
        outline=DOUGH_SHADE,
        width=max(2, int(r * 0.05)),
    )
    draw.ellipse((x - r * 0.6, y - r * 0.62, x + r * 0.2, y - r * 0.1), fill=(255, 255, 255, 150))
    if dot:
        _disc(draw, x, y - r * 0.15, r * 0.12, dot)


def _peach(draw, x: float, y: float, r: float) -> None:
    body = _oval(x, y, r, r * 0.92)
    tip = [(x - r * 0.55, y - r * 0.7), (x, y - r * 1.35), (x + r * 0.55, y - r * 0.7)]
    draw.polygon(body, fill=DOUGH, outline=DOUGH_SHADE, width=3)
    draw.polygon(tip, fill=DOUGH)
    draw.polygon(_oval(x, y - r * 0.72, r * 0.5, r * 0.5), fill=(*PINK, 90))
    draw.polygon(_oval(x, y - r * 0.85, r * 0.3, r * 0.34), fill=(*PINK, 150))
    draw.line((x, y - r * 1.2, x, y + r * 0.4), fill=DOUGH_SHADE, width=3)
    for side in (-1, 1):
        draw.polygon(_leaf(x, y + r * 0.7, r * 0.8, r * 0.36, math.pi / 2 + side * 1.0), fill=GREEN)


def _steamer(s: Scene, r: float) -> None:
    s.draw.ellipse(
        (s.cx - r, s.cy - r * 0.7, s.cx + r, s.cy + r * 0.7),
        fill=(214, 170, 104),
        outline=BROWN_DARK,
        width=10,
    )
    inner = r * 0.9
    s.draw.ellipse(
        (s.cx - inner, s.cy - inner * 0.7, s.cx + inner, s.cy + inner * 0.7),
        fill=(232, 200, 140),
        outline=BROWN,
        width=6,
    )
    for k in range(-6, 7):
        x = s.cx + k * inner / 7
        half = inner * 0.7 * math.sqrt(max(0.0, 1 - (k / 7) ** 2))
        s.draw.line((x, s.cy - half, x, s.cy + half), fill=(200, 160, 100), width=3)


def _buns(s: Scene, variant: str) -> None:
    BUN_VARIANTS.get(variant, _bun_flower)(s)


def _bun_peach(s: Scene) -> None:
    _steamer(s, s.size * 0.72)
    r = s.size * 0.13
    spots = [
        ((col - 1.5) * 2.3 + row * 0.5 - 0.25, (row - 0.5) * 2.2)
        for row in (0, 1)
        for col in range(4)
    ]
    for dx, dy in sorted(spots, key=lambda spot: spot[1]):
        _peach(s.draw, s.cx + dx * r, s.cy + dy * r + r * 0.3, r)


def _bun_flower(s: Scene) -> None:
    _shadow(s, s.size * 1.2, s.cy + s.size * 0.45)
    r = s.size * 0.42
    colours = [PINK, YELLOW, (236, 90, 80)]
    for ring, radius in enumerate((r * 1.05, r * 0.75)):
        for k in range(12):
            angle = 2 * math.pi * (k + ring / 2) / 12
            s.draw.polygon(
                _leaf(s.cx, s.cy, radius, radius * 0.32, angle),
                fill=colours[(k + ring) % 3],
                outline=DOUGH_SHADE,
                width=2,
            )
    _bun(s.draw, s.cx, s.cy, r * 0.55, dot=None)
    _flower(s.draw, s.cx, s.cy - r * 0.05, r * 0.3, PINK, RED, petals=6)
    for k in range(8):
        angle = 2 * math.pi * k / 8 + 0.2
        s.draw.polygon(
            _leaf(
                s.cx + math.cos(angle) * r * 1.02,
                s.cy + math.sin(angle) * r * 1.02,
                r * 0.3,
                r * 0.14,
                angle,
            ),
            fill=GREEN,
        )


def _bun_fish(s: Scene) -> None:
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.32)
    length, height = s.size * 0.55, s.size * 0.3
    x, y = s.cx - s.size * 0.08, s.cy
    for side in (-1, 1):
        s.draw.polygon(
            _leaf(x + length * 0.9, y, length * 0.5, height * 0.7, side * 0.55),
            fill=DOUGH,
            outline=DOUGH_SHADE,
            width=3,
        )
        s.draw.polygon(
            _leaf(
                x + length * 1.25,
                y + side * height * 0.28,
                length * 0.14,
                height * 0.2,
                side * 0.55,
            ),
            fill=(*RED, 170),
        )
    s.draw.polygon(_oval(x, y, length, height), fill=DOUGH, outline=DOUGH_SHADE, width=4)
    for col in range(5):
        for row in range(-1, 2):
            sx, sy = x - length * 0.3 + col * length * 0.22, y + row * height * 0.5
            s.draw.arc((sx - 30, sy - 30, sx + 30, sy + 30), 300, 60, fill=DOUGH_SHADE, width=5)
    _disc(s.draw, x - length * 0.68, y - height * 0.2, height * 0.09, (40, 30, 30))
    s.draw.polygon(
        _leaf(x - length * 0.1, y - height * 0.9, length * 0.4, height * 0.4, -2.6),
        fill=(*RED, 160),
    )
    s.draw.arc(
        (x - length * 1.0, y - height * 0.2, x - length * 0.6, y + height * 0.4),
        20,
        120,
        fill=RED,
        width=6,
    )


def _bun_wedding(s: Scene) -> None:
    _shadow(s, s.size * 1.4, s.cy + s.size * 0.36)
    box = (s.cx - s.size * 0.02, s.cy - s.size * 0.42, s.cx + s.size * 0.6, s.cy + s.size * 0.34)
    s.draw.rectangle(box, fill=RED, outline=RED_DARK, width=8)
    middle = (box[0] + box[2]) / 2
    s.draw.rectangle((middle - s.size * 0.05, box[1], middle + s.size * 0.05, box[3]), fill=GOLD)
    _flower(s.draw, middle, box[1], s.size * 0.12, GOLD, GOLD_DARK, petals=4, turn=math.pi / 4)
    for dx, dy, r in ((-0.38, 0.1, 0.22), (-0.02, 0.2, 0.17)):
        x, y = s.cx + dx * s.size, s.cy + dy * s.size
        _bun(s.draw, x, y, s.size * r, dot=None)
        _flower(s.draw, x, y - s.size * r * 0.25, s.size * r * 0.4, RED, GOLD)


def _bun_mini(s: Scene) -> None:
    _steamer(s, s.size * 0.72)
    r = s.size * 0.1
    colours = [PINK, YELLOW, (236, 90, 80), GREEN, (160, 110, 200)]
    for row in range(3):
        for col in range(4):
            x = s.cx + (col - 1.5) * r * 2.6
            y = s.cy + (row - 1) * r * 2.2
            _bun(s.draw, x, y, r, dot=None)
            _flower(
                s.draw,
                x,
                y - r * 0.1,
                r * 0.5,
                s.rng.choice(colours),
                RED,
                petals=s.rng.choice((4, 5, 6)),
            )


BUN_VARIANTS = {
    "peach": _bun_peach,
    "flower": _bun_flower,
    "fish": _bun_fish,
    "wedding": _bun_wedding,
    "mini": _bun_mini,
}


# --- farm goods ----------------------------------------------------------------------------------


def _basket(s: Scene, fill) -> None:
    """A woven basket; ``fill(scene, top_y, half_width)`` draws what is heaped in it."""
    half, top, depth = s.size * 0.6, s.cy - s.size * 0.02, s.size * 0.5
    s.draw.arc(
        (s.cx - half * 0.9, top - s.size * 0.75, s.cx + half * 0.9, top + s.size * 0.2),
        190,
        350,
        fill=BROWN_DARK,
        width=22,
    )
    fill(s, top, half)
    body = [
        (s.cx - half, top),
        (s.cx + half, top),
        (s.cx + half * 0.78, top + depth),
        (s.cx - half * 0.78, top + depth),
    ]
    s.draw.polygon(body, fill=BROWN, outline=BROWN_DARK, width=6)
    for k in range(1, 6):
        y = top + depth * k / 6
        inset = half * 0.22 * k / 6
        s.draw.line((s.cx - half + inset, y, s.cx + half - inset, y), fill=BROWN_DARK, width=5)
    for k in range(-8, 9):
        s.draw.line(
            (s.cx + k * half / 9, top, s.cx + k * half * 0.78 / 9, top + depth),
            fill=(150, 96, 48),
            width=3,
        )
    s.draw.rounded_rectangle(
        (s.cx - half * 1.04, top - 18, s.cx + half * 1.04, top + 18),
        16,
        fill=(196, 138, 78),
        outline=BROWN_DARK,
        width=5,
    )


def _heap(s: Scene, top: float, half: float, item, count: int) -> None:
    spots = []
    for _ in range(count):
        dx = s.rng.uniform(-0.9, 0.9)
        lift = s.size * 0.3 * math.sqrt(1 - dx * dx) * s.rng.uniform(0.0, 1.0)
        spots.append((s.cx + dx * half, top + 12 - lift))
    for k, (x, y) in enumerate(sorted(spots, key=lambda spot: spot[1])):
        item(s, x, y, k)


def _peanut(s: Scene, x: float, y: float, _k: int) -> None:
    angle, r = s.rng.uniform(0, math.pi), s.size * 0.05
    shell, line = (222, 190, 140), (176, 140, 96)
    for sign in (-1, 1):
        px, py = x + math.cos(angle) * r * 0.8 * sign, y + math.sin(angle) * r * 0.8 * sign
        s.draw.polygon(_oval(px, py, r, r * 0.8, angle), fill=shell, outline=line, width=3)
    _disc(s.draw, x + r * 0.3, y - r * 0.2, 3, line)


def _egg(s: Scene, x: float, y: float, _k: int) -> None:
    colour = s.rng.choice([(246, 232, 210), (222, 176, 130), (236, 206, 170)])
    s.draw.polygon(
        _oval(x, y, s.size * 0.07, s.size * 0.09, s.rng.uniform(-0.5, 0.5)),
        fill=colour,
        outline=(190, 150, 110),
        width=3,
    )


def _sweet_potato(s: Scene, x: float, y: float, _k: int) -> None:
    angle = s.rng.uniform(-0.6, 0.6)
    s.draw.polygon(
        _oval(x, y, s.size * 0.15, s.size * 0.06, angle),
        fill=(160, 50, 80),
        outline=(110, 30, 55),
        width=4,
    )
    s.draw.line((x - s.size * 0.05, y - 4, x + s.size * 0.04, y + 3), fill=(120, 40, 60), width=3)


def _grapes(s: Scene, x: float, y: float, _k: int) -> None:
    r = s.size * 0.035
    s.draw.polygon(_leaf(x, y - r * 3, r * 4, r * 2.4, -0.5), fill=GREEN)
    for row in range(5):
        for col in range(5 - row):
            gx, gy = x + (col - (4 - row) / 2) * r * 1.8, y + row * r * 1.6
            _disc(s.draw, gx, gy, r, (92, 44, 110), (60, 24, 76), 2)
            _disc(s.draw, gx - r * 0.35, gy - r * 0.35, r * 0.22, (190, 160, 210, 180))


def _farm(s: Scene, variant: str) -> None:
    if variant == "giftbox":
        _gift_box(s)
        return
    items = {
        "peanut": (_peanut, 110),
        "egg": (_egg, 40),
        "potato": (_sweet_potato, 26),
        "grape": (_grapes, 9),
        "mixed": (_mixed_item, 60),
    }
    item, count = items.get(variant, items["mixed"])
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.5)
    _basket(s.at(0, 0.08), lambda scene, top, half: _heap(scene, top, half, item, count))


def _mixed_item(s: Scene, x: float, y: float, k: int) -> None:
    (_peanut, _egg, _sweet_potato)[k % 3](s, x, y, k)


def _gift_box(s: Scene) -> None:
    _shadow(s, s.size * 1.3, s.cy + s.size * 0.42)
    box = (s.cx - s.size * 0.35, s.cy - s.size * 0.2, s.cx + s.size * 0.35, s.cy + s.size * 0.4)
    s.draw.rectangle(box, fill=RED, outline=RED_DARK, width=8)
    s.draw.rectangle(
        (box[0] - 16, box[1] - 40, box[2] + 16, box[1] + 20),
        fill=(214, 30, 56),
        outline=RED_DARK,
        width=8,
    )
    s.draw.rectangle((s.cx - 26, box[1] - 40, s.cx + 26, box[3]), fill=GOLD)
    for side in (-1, 1):
        s.draw.polygon(
            _leaf(s.cx, box[1] - 44, s.size * 0.2, s.size * 0.1, -math.pi / 2 + side),
            fill=GOLD,
            outline=GOLD_DARK,
            width=4,
        )
    for k in range(12):
        spread = s.rng.uniform(-0.12, 0.12) * s.size
        _peanut(s, s.cx - s.size * 0.52 + spread, s.cy + s.size * (0.3 + s.rng.uniform(0, 0.1)), k)
    for k in range(5):
        _egg(s, s.cx + s.size * (0.46 + k % 3 * 0.1), s.cy + s.size * (0.3 + k // 3 * 0.08), k)


# --- fabric crafts -------------------------------------------------------------------------------


def _cloth(s: Scene) -> None:
    top = SIZE * 0.62
    s.draw.rectangle((0, top, SIZE, SIZE), fill=(60, 110, 170, 200))
    for row in range(6):
        for col in range(14):
            _flower(
                s.draw,
                col * 92 + (row % 2) * 46,
                top + 40 + row * 92,
                22,
                (255, 255, 255, 150),
                (250, 210, 90, 200),
                petals=5,
            )


def _fabric(s: Scene, variant: str) -> None:
    _cloth(s)
    {"tiger": _tiger, "sachet": _sachets, "insole": _insoles}.get(variant, _tiger)(s)


def _tiger(s: Scene) -> None:
    orange, dark = (236, 128, 36), (40, 30, 30)
    x, y, r = s.cx, s.cy, s.size * 0.26
    s.draw.line(
        [(x + r * 2.0, y + r * 0.2), (x + r * 2.4, y - r * 0.6), (x + r * 2.2, y - r)],
        fill=orange,
        width=int(r * 0.2),
        joint="curve",
    )
    s.draw.polygon(
        _oval(x + r * 0.9, y + r * 0.5, r * 1.35, r * 0.85), fill=orange, outline=dark, width=4
    )
    for k in range(4):
        sx = x + r * (0.3 + k * 0.45)
        s.draw.line((sx, y - r * 0.2, sx + r * 0.12, y + r * 0.35), fill=dark, width=int(r * 0.1))
    for side in (-1, 1):
        _disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.32, orange, dark, 4)
        _disc(s.draw, x - r * 0.3 + side * r * 0.75, y - r * 0.85, r * 0.16, PINK)
    _disc(s.draw, x - r * 0.3, y - r * 0.1, r, orange, dark, 5)
    for side in (-1, 1):
        ex = x - r * 0.3 + side * r * 0.38
        _disc(s.draw, ex, y - r * 0.28, r * 0.22, (255, 255, 255), dark, 4)
        _disc(s.draw, ex, y - r * 0.24, r * 0.11, dark)
        for k in range(3):
            s.draw.line(
                (
                    ex + side * r * 0.3,
                    y + r * 0.12 + k * 12,
                    ex + side * r * 0.75,
                    y + r * 0.02 + k * 22,
                ),
                fill=dark,
                width=4,
            )
    _disc(s.draw, x - r * 0.3, y + r * 0.1, r * 0.12, RED)
    for k in (-1, 0, 1):
        s.draw.line(
            (x - r * 0.3 + k * r * 0.25, y - r * 1.0, x - r * 0.3 + k * r * 0.2, y - r * 0.72),
            fill=dark,
            width=int(r * 0.08),
        )
    s.draw.arc(
        (x - r * 0.55, y + r * 0.05, x - r * 0.05, y + r * 0.45), 20, 160, fill=dark, width=5
    )


def _sachet(s: Scene, x: float, y: float, r: float, colour) -> None:
    s.draw.line((x, y - r * 1.6, x, y - r * 0.6), fill=RED, width=6)
    _disc(s.draw, x, y - r * 1.75, r * 0.15, None, RED, 5)
    body = _oval(x, y + r * 0.2, r * 0.85, r) + [
        (x - r * 0.3, y - r * 0.7),
        (x + r * 0.3, y - r * 0.7),
    ]
    s.draw.polygon(_oval(x, y + r * 0.2, r * 0.85, r), fill=colour, outline=(90, 40, 40), width=4)
    s.draw.polygon(
        body[-2:] + [(x + r * 0.6, y - r * 0.3), (x - r * 0.6, y - r * 0.3)], fill=colour
    )
    _flower(s.draw, x, y + r * 0.2, r * 0.5, (255, 240, 220), YELLOW, petals=5)
    for k in range(14):
        s.draw.line(
            (x + (k - 7) * 3, y + r * 1.2, x + (k - 7) * 5, y + r * 2.1), fill=colour, width=3
        )


def _sachets(s: Scene) -> None:
    colours = [(214, 40, 70), (236, 120, 160), (70, 150, 110), (90, 110, 200), (240, 170, 40)]
    s.rng.shuffle(colours)
    for k, colour in enumerate(colours):
        dx = (k - 2) * 0.3
        _sachet(s, s.cx + dx * s.size, s.cy - s.size * 0.1 + abs(k - 2) * 40, s.size * 0.12, colour)


def _insoles(s: Scene) -> None:
    for side in (-1, 1):
        x, angle = s.cx + side * s.size * 0.26, side * 0.12
        sole = _oval(x, s.cy, s.size * 0.2, s.size * 0.6, angle)
        s.draw.polygon(sole, fill=(250, 240, 222), outline=(140, 90, 60), width=6)
        s.draw.polygon(_oval(x, s.cy, s.size * 0.16, s.size * 0.54, angle), outline=RED, width=3)
        for dy, colour in ((-0.3, RED), (0.0, PINK), (0.3, RED)):
            _flower(
                s.draw,
                x - math.sin(angle) * dy * s.size,
                s.cy + dy * s.size,
                s.size * 0.08,
                colour,
                YELLOW,
                petals=6,
            )
            s.draw.polygon(
                _leaf(x, s.cy + dy * s.size + 30, s.size * 0.1, s.size * 0.04, 1.2), fill=GREEN
            )


# --- places: the community station and the mama bus --------------------------------------------


def _ground(s: Scene, y: float, colour=(150, 190, 110)) -> None:
    s.draw.rectangle((0, y, SIZE, SIZE), fill=colour)
    _disc(s.draw, SIZE * 0.82, SIZE * 0.16, 70, (255, 200, 90))


def _tree(s: Scene, x: float, y: float, r: float) -> None:
    s.draw.rectangle((x - r * 0.12, y - r * 0.2, x + r * 0.12, y + r * 0.9), fill=BROWN_DARK)
    for dx, dy in ((-0.4, 0), (0.4, 0), (0, -0.45)):
        _disc(s.draw, x + dx * r, y - r * 0.4 + dy * r, r * 0.6, (86, 150, 80))


def _person(s: Scene, x: float, y: float, h: float, colour) -> None:
    s.draw.polygon(
        [
            (x - h * 0.22, y),
            (x + h * 0.22, y),
            (x + h * 0.1, y - h * 0.62),
            (x - h * 0.1, y - h * 0.62),
        ],
        fill=colour,
    )
    _disc(s.draw, x, y - h * 0.78, h * 0.15, (246, 210, 180))
    s.draw.pieslice(
        (x - h * 0.16, y - h * 0.95, x + h * 0.16, y - h * 0.66), 180, 360, fill=(40, 30, 30)
    )


def _station(s: Scene, _variant: str) -> None:
    ground = SIZE * 0.78
    _ground(s, ground)
    left, right, top = SIZE * 0.18, SIZE * 0.82, SIZE * 0.3
    s.draw.rectangle(
        (left, top, right, ground), fill=(250, 236, 214), outline=(150, 110, 80), width=6
    )
    s.draw.rectangle((left - 20, top - 70, right + 20, top), fill=(190, 60, 50))
    s.draw.rectangle((left + 60, top - 52, right - 60, top - 18), fill=(250, 220, 120))
    for floor in range(2):
        for col in range(4):
            wx, wy = left + 50 + col * 150, top + 40 + floor * 170
            s.draw.rectangle(
                (wx, wy, wx + 90, wy + 100), fill=(170, 210, 230), outline=(120, 90, 70), width=5
            )
    s.draw.rectangle((SIZE / 2 - 55, ground - 170, SIZE / 2 + 55, ground), fill=(160, 100, 60))
    _heart(s.draw, SIZE / 2, top - 120, 40, RED)
    for x in (SIZE * 0.08, SIZE * 0.93):
        _tree(s, x, ground - 120, 110)
    colours = [(214, 60, 90), (240, 150, 60), (90, 120, 200), (120, 170, 90)]
    for k in range(5):
        height = 230 if k % 2 == 0 else 130
        _person(s, SIZE * (0.24 + k * 0.13), ground + 150, height, s.rng.choice(colours))


def _heart(draw, x: float, y: float, r: float, colour) -> None:
    _disc(draw, x - r * 0.5, y, r * 0.56, colour)
    _disc(draw, x + r * 0.5, y, r * 0.56, colour)
    draw.polygon(
        [(x - r * 1.02, y + r * 0.15), (x + r * 1.02, y + r * 0.15), (x, y + r * 1.3)], fill=colour
    )


def _bus(s: Scene, _variant: str) -> None:
    road = SIZE * 0.72
    _ground(s, road - 40)
    s.draw.rectangle((0, road, SIZE, road + 220), fill=(110, 110, 120))
    for k in range(8):
        s.draw.rectangle((k * 160, road + 100, k * 160 + 90, road + 116), fill=(250, 250, 250))
    for x in (SIZE * 0.1, SIZE * 0.3, SIZE * 0.72):
        _tree(s, x, road - 200, 90)
    left, right, top = SIZE * 0.12, SIZE * 0.88, road - 330
    s.draw.rounded_rectangle(
        (left, top, right, road + 40), 60, fill=(244, 140, 100), outline=(150, 70, 50), width=8
    )
    s.draw.rectangle((left, road - 70, right, road - 40), fill=(250, 220, 120))
    for k in range(5):
        wx = left + 40 + k * 150
        s.draw.rounded_rectangle(
            (wx, top + 40, wx + 120, top + 160),
            18,
            fill=(200, 230, 245),
            outline=(150, 70, 50),
            width=5,
        )
        if k < 4:
            _disc(s.draw, wx + 60, top + 120, 30, (246, 210, 180))
            s.draw.pieslice((wx + 28, top + 82, wx + 92, top + 140), 180, 360, fill=(40, 30, 30))
    _heart(s.draw, SIZE / 2, top + 220, 36, RED)
    _disc(s.draw, right - 20, road - 10, 20, (255, 240, 160))
    for x in (left + 140, right - 140):
        _disc(s.draw, x, road + 40, 62, (50, 50, 55))
        _disc(s.draw, x, road + 40, 26, (180, 180, 190))


def _hero(s: Scene, _variant: str) -> None:
    """Knot, basket, bun and tiger in a row across the middle: the hero is cropped to 2:1."""
    _knot(s.at(-0.62, -0.06, 0.26))
    _basket(
        s.at(-0.2, 0.0, 0.36), lambda scene, top, half: _heap(scene, top, half, _mixed_item, 30)
    )
    _bun_flower(s.at(0.22, 0.02, 0.38))
    _tiger(s.at(0.52, 0.06, 0.34))


MOTIFS = {
    "knot": _knots,
    "bun": _buns,
    "farm": _farm,
    "fabric": _fabric,
    "station": _station,
    "bus": _bus,
    "hero": _hero,
}
