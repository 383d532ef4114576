package dev.tokenservice.auth.audit;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;

/**
 * {@link AuditEventSearch} with Spring Data Relational {@link Criteria}: each filter given is one more
 * {@code and}, run by {@link JdbcAggregateOperations#findAll(Query, Class, Pageable)} (a page and, when
 * needed, a count).
 */
class AuditEventSearchImpl implements AuditEventSearch {

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("at"), Sort.Order.desc("id"));

	private final JdbcAggregateOperations aggregates;

	AuditEventSearchImpl(JdbcAggregateOperations aggregates) {
		this.aggregates = aggregates;
	}

	@Override
	public Page<AuditEvent> search(AuditFilter filter, Pageable pageable) {
		Criteria criteria = Criteria.empty();
		if (filter.action() != null) {
			criteria = criteria.and("action").is(filter.action());
		}
		if (filter.actor() != null) {
			criteria = criteria.and("actor").is(filter.actor());
		}
		if (filter.target() != null) {
			criteria = criteria.and("target").is(filter.target());
		}
		if (filter.since() != null) {
			criteria = criteria.and("at").greaterThanOrEquals(filter.since());
		}
		if (filter.until() != null) {
			criteria = criteria.and("at").lessThan(filter.until());
		}
		// newest first whatever sort the client asked for; the sort goes with the page, not the query: the
		// total's count(*) takes the query's sort along and both databases refuse an ordered count
		Pageable page = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), NEWEST_FIRST);
		return this.aggregates.findAll(Query.query(criteria), AuditEvent.class, page);
	}

}
