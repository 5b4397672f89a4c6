"""Sample proposals in the words enterprises use, generated from templates (marked as sample
data wherever they appear). Each content area has its own subjects and problems; openers,
requests and closings are shared, so the routing model has to read the subject.

>>> rows = sample_texts(count=18, seed=1)
>>> len(rows), len({area for area, _ in rows})
(18, 9)
"""

import random

OPENERS = [
    "Công ty chúng tôi", "Doanh nghiệp", "Hiệp hội doanh nghiệp tỉnh", "Công ty TNHH một thành viên của chúng tôi",
    "Nhiều doanh nghiệp trong khu công nghiệp", "Chúng tôi là doanh nghiệp nhỏ và vừa,", "Hợp tác xã",
]
FEELINGS = ["phản ánh", "kiến nghị", "đề nghị xem xét", "mong được hướng dẫn về việc", "gặp khó khăn khi"]
CLOSINGS = [
    "Kính đề nghị cơ quan có thẩm quyền xem xét, giải quyết.", "Rất mong nhận được phản hồi sớm.",
    "Đề nghị tỉnh có văn bản hướng dẫn cụ thể.", "Việc này ảnh hưởng đến tiến độ sản xuất kinh doanh.",
    "Xin cảm ơn.", "",
]
DELAYS = ["đã quá hạn 10 ngày", "kéo dài hơn một tháng", "phải bổ sung hồ sơ nhiều lần", "chưa được trả lời", "mất nhiều thời gian đi lại"]

AREAS: dict[str, tuple[list[str], list[str]]] = {
    "dau-tu-doanh-nghiep": (
        ["thủ tục điều chỉnh giấy chứng nhận đăng ký đầu tư", "đăng ký thay đổi người đại diện theo pháp luật",
         "chủ trương đầu tư dự án mở rộng nhà xưởng", "thủ tục thành lập chi nhánh", "đăng ký kinh doanh hộ gia đình",
         "ưu đãi đầu tư cho dự án công nghệ cao", "giao đất, thuê đất trong khu công nghiệp"],
        ["hồ sơ bị trả lại nhiều lần", "thời gian thẩm định kéo dài", "yêu cầu giấy tờ không có trong quy định",
         "chưa rõ cơ quan nào chủ trì thẩm định", "quy định về vốn góp chưa thống nhất"],
    ),
    "thuong-mai-cong-nghiep": (
        ["cấp giấy chứng nhận xuất xứ hàng hóa C/O", "giá điện sản xuất giờ cao điểm", "đấu nối lưới điện cho điện mặt trời mái nhà",
         "quản lý thương mại điện tử trên sàn", "kiểm tra an toàn hóa chất", "cụm công nghiệp chậm đầu tư hạ tầng",
         "xúc tiến thương mại, hội chợ xuất khẩu"],
        ["việc cắt điện không báo trước gây thiệt hại", "thủ tục xuất khẩu sang thị trường EU phức tạp",
         "chi phí kiểm định cao", "quy định ghi nhãn hàng hóa chồng chéo", "thiếu thông tin thị trường"],
    ),
    "chuyen-doi-so": (
        ["nộp hồ sơ trên cổng dịch vụ công trực tuyến", "chữ ký số khi ký hồ sơ điện tử", "hóa đơn điện tử có mã của cơ quan thuế",
         "kết nối dữ liệu giữa các phần mềm của tỉnh", "ứng dụng công dân số", "thanh toán trực tuyến phí, lệ phí",
         "hạ tầng internet, sóng di động tại khu công nghiệp"],
        ["hệ thống thường xuyên lỗi, không tải được tệp", "phải nộp thêm bản giấy dù đã nộp trực tuyến",
         "tài khoản định danh điện tử tổ chức chưa đăng nhập được", "đường truyền chậm", "chưa có hướng dẫn sử dụng"],
    ),
    "lao-dong-bao-hiem": (
        ["cấp giấy phép lao động cho người nước ngoài", "đóng bảo hiểm xã hội cho người lao động", "đào tạo nghề cho công nhân",
         "điều chỉnh lương tối thiểu vùng", "nhà ở cho công nhân", "tuyển dụng lao động kỹ thuật",
         "giải quyết chế độ bảo hiểm thất nghiệp"],
        ["hồ sơ xác nhận kinh nghiệm của chuyên gia bị yêu cầu hợp pháp hóa lãnh sự", "thiếu lao động có tay nghề",
         "chậm chi trả chế độ ốm đau, thai sản", "quy định về làm thêm giờ chưa phù hợp", "thủ tục chốt sổ bảo hiểm phức tạp"],
    ),
    "thu-tuc-hanh-chinh": (
        ["bộ phận một cửa cấp xã", "thời gian giải quyết thủ tục hành chính", "công khai quy trình nội bộ",
         "thái độ phục vụ của cán bộ tiếp nhận", "sau sắp xếp đơn vị hành chính", "phiếu hẹn trả kết quả",
         "thủ tục chứng thực bản sao"],
        ["cán bộ hướng dẫn mỗi lần một kiểu", "trả kết quả trễ hẹn không có văn bản xin lỗi", "phải đến nhiều nơi để nộp hồ sơ",
         "chưa rõ nơi tiếp nhận sau khi sáp nhập", "thành phần hồ sơ khác với danh mục đã công bố"],
    ),
    "tin-dung-ngan-hang": (
        ["vay vốn ưu đãi cho doanh nghiệp nhỏ và vừa", "lãi suất cho vay sản xuất", "gói tín dụng cho doanh nghiệp xanh",
         "thanh toán không dùng tiền mặt", "tài sản bảo đảm khoản vay", "cơ cấu lại thời hạn trả nợ",
         "bảo lãnh tín dụng của quỹ hỗ trợ"],
        ["ngân hàng yêu cầu tài sản thế chấp quá cao", "thủ tục thẩm định khoản vay kéo dài", "doanh nghiệp khó tiếp cận vốn",
         "phí giao dịch cao", "điều kiện vay chưa rõ ràng"],
    ),
    "an-ninh-trat-tu": (
        ["thẩm duyệt thiết kế phòng cháy chữa cháy", "nghiệm thu phòng cháy chữa cháy nhà xưởng", "đăng ký tạm trú cho công nhân",
         "cấp con dấu và đăng ký mẫu dấu", "an ninh trật tự quanh khu công nghiệp", "kiểm tra phòng cháy định kỳ",
         "cấp giấy chứng nhận đủ điều kiện về an ninh trật tự"],
        ["yêu cầu về hệ thống chữa cháy tự động vượt quá quy chuẩn", "nhiều đoàn kiểm tra trong một năm",
         "trộm cắp tài sản xảy ra thường xuyên", "thủ tục khai báo lưu trú chưa thuận tiện", "thời gian nghiệm thu kéo dài"],
    ),
    "thong-ke-bao-cao": (
        ["chế độ báo cáo thống kê định kỳ", "điều tra doanh nghiệp hằng năm", "biểu mẫu báo cáo trên phần mềm thống kê",
         "báo cáo tình hình sử dụng lao động", "báo cáo giám sát đầu tư", "phiếu khảo sát chỉ số năng lực cạnh tranh",
         "số liệu kinh tế - xã hội công bố"],
        ["cùng một số liệu phải báo cáo cho nhiều cơ quan", "biểu mẫu thay đổi không thông báo trước",
         "thời hạn nộp báo cáo quá gấp", "phần mềm báo cáo không lưu được dữ liệu", "chưa được cung cấp số liệu đã công bố"],
    ),
    "linh-vuc-khac": (
        ["quy hoạch giao thông kết nối khu công nghiệp", "ô nhiễm môi trường từ cơ sở lân cận", "cấp giấy phép xây dựng nhà xưởng",
         "xử lý nước thải tập trung", "ngập nước trên tuyến đường", "phối hợp giữa các sở, ngành",
         "cấp phép khai thác nước ngầm"],
        ["chưa có cơ quan đầu mối giải quyết", "nhiều cơ quan cùng yêu cầu một loại hồ sơ", "ảnh hưởng đến hoạt động vận chuyển hàng hóa",
         "thời gian giải quyết vượt quy định", "quy định giữa các ngành chưa thống nhất"],
    ),
}

ANSWERS = [
    "Sở đã tiếp thu và chỉ đạo bộ phận chuyên môn rà soát quy trình; thời gian giải quyết được rút ngắn còn {days} ngày làm việc.",
    "Theo quy định hiện hành, doanh nghiệp nộp hồ sơ theo danh mục đã công bố; cơ quan không yêu cầu thêm giấy tờ ngoài danh mục.",
    "Sở đã báo cáo Ủy ban nhân dân tỉnh và kiến nghị Bộ chủ quản sửa đổi quy định cho phù hợp thực tế.",
    "Kiến nghị của doanh nghiệp là có cơ sở; Sở sẽ tổ chức đối thoại với doanh nghiệp trong tháng tới.",
    "Nội dung đã được hướng dẫn tại văn bản số {number}/HD-S; doanh nghiệp liên hệ bộ phận một cửa để được hỗ trợ.",
]


def sample_texts(*, count: int, seed: int = 2024) -> list[tuple[str, str]]:
    """(area code, text) pairs, as many per area as the count allows, in a reproducible order."""
    rng = random.Random(seed)
    codes = list(AREAS)
    rows = []
    for index in range(count):
        code = codes[index % len(codes)]
        subjects, problems = AREAS[code]
        text = (
            f"{rng.choice(OPENERS)} {rng.choice(FEELINGS)} {rng.choice(subjects)}: {rng.choice(problems)}, "
            f"{rng.choice(DELAYS)}. {rng.choice(CLOSINGS)}"
        ).strip()
        if rng.random() < 0.3:
            # Real letters wander: a second, lesser topic from another area.
            other_subjects, _problems = AREAS[rng.choice([other for other in codes if other != code])]
            text += f" Ngoài ra, về {rng.choice(other_subjects)} cũng còn vướng mắc."
        rows.append((code, text))
    rng.shuffle(rows)
    return rows


def sample_answer(rng: random.Random) -> str:
    return rng.choice(ANSWERS).format(days=rng.randint(3, 7), number=rng.randint(100, 999))
