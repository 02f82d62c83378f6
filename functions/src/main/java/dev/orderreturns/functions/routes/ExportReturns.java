package dev.orderreturns.functions.routes;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.orderreturns.domain.ReturnsAcrossOrders;
import dev.orderreturns.functions.body.ListingQuery;
import dev.orderreturns.functions.http.ApiRequest;
import dev.orderreturns.functions.http.ApiResponse;
import dev.orderreturns.functions.http.Caller;
import dev.orderreturns.functions.http.Route;
import dev.orderreturns.functions.view.ReturnsCsv;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finance's export: the refund parts of the returns created in a range, as CSV, in pages of at
 * most 500 returns (well within Lambda's 6 MB answer and API Gateway's limits). Each page is a whole
 * CSV document with its header; {@code link: <...>; rel="next"} names the next page until the last.
 */
public final class ExportReturns implements Route {

    public static final String KEY = "GET /returns/export";
    static final int PAGE = 500;

    private final ReturnsAcrossOrders returns;

    public ExportReturns(ReturnsAcrossOrders returns) {
        this.returns = returns;
    }

    @Override
    public String routeKey() {
        return KEY;
    }

    @Override
    public APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = request.callerWith("returns:read");
        ListingQuery query = ListingQuery.read(request, false, PAGE, PAGE);
        ReturnsAcrossOrders.Page page = returns.list(caller.account(), query.filter(), query.cursor(), query.limit());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/csv; charset=utf-8");
        headers.put("content-disposition", "attachment; filename=\"returns.csv\"");
        if (page.nextCursor() != null) {
            headers.put("link", "<" + next(request, page.nextCursor()) + ">; rel=\"next\"");
            headers.put("x-next-cursor", page.nextCursor());
        }
        return ApiResponse.text(200, ReturnsCsv.of(page.returns()), headers);
    }

    private static String next(ApiRequest request, String cursor) {
        StringBuilder url = new StringBuilder("/returns/export?");
        for (String name : new String[] {"from", "to", "limit"}) {
            String value = request.queryParameter(name);
            if (value != null) {
                url.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
            }
        }
        return url.append("cursor=").append(cursor).toString();
    }
}
